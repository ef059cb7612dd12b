using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using AspireChain.Contracts.Kafka;
using AspireChain.Hosting;
using AspireChain.Testing.Aspire;
using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspireChain.DistributedTests.AppHost;

/// <summary>The Kafka hosting integration on its own: the AppHost's <c>AddKafka("kafka")</c> without the services, started by Aspire.</summary>
[Collection(AppHostCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class KafkaResourceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task The_embedded_broker_runs_as_a_healthy_resource_with_the_topic_catalog_and_serves_clients()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var app = await StartAsync(cts.Token);
        var kafka = app.Kafka;
        var snapshot = app.Resources.Snapshot("kafka");
        Assert.Equal(KnownResourceStates.Running, snapshot.State?.Text);
        Assert.Equal(HealthStatus.Healthy, snapshot.HealthStatus);
        Assert.Equal(kafka.Broker!.BootstrapServers, await app.App.GetConnectionStringAsync("kafka", cts.Token));
        Assert.Contains(snapshot.Properties, p => p.Name == CustomResourceKnownProperties.ConnectionString && Equals(p.Value, kafka.Broker.BootstrapServers));
        Assert.Contains(app.Resources.ConsoleLogs("kafka"), l => l.Content.Contains($"3 brokers at {kafka.Broker.BootstrapServers}", StringComparison.Ordinal));
        Assert.Equal(TopicCatalog.Create().Select(t => (t.Name, t.Partitions)), kafka.Broker.Topics.Select(t => (t.Name, t.Partitions)));

        // A plain Confluent.Kafka client reaches it through the connection string, as the services do.
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers.Value }).Build();
        var delivered = await producer.ProduceAsync(Topics.Rejections, new Message<string, string> { Key = "k", Value = "v" }, cts.Token);
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
    }

    [Fact]
    public async Task Taking_a_broker_down_from_the_dashboard_degrades_health_and_bringing_it_up_heals_it()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var app = await StartAsync(cts.Token);
        Assert.Equal(ResourceCommandState.Enabled, CommandState(app, KafkaBrokerCommands.Down(2)));
        Assert.Equal(ResourceCommandState.Disabled, CommandState(app, KafkaBrokerCommands.Up(2)));

        await app.Resources.ExecuteCommandAsync("kafka", KafkaBrokerCommands.Down(2), cts.Token);
        Assert.False(app.Kafka.Broker!.IsBrokerUp(2));
        var degraded = await app.Resources.WaitForAsync("kafka", s => s.HealthStatus == HealthStatus.Degraded, cts.Token);
        Assert.Contains(degraded.HealthReports, r => r.Description?.Contains("taken down: broker 2", StringComparison.Ordinal) == true);
        await app.Resources.WaitForAsync("kafka", _ => CommandState(app, KafkaBrokerCommands.Up(2)) == ResourceCommandState.Enabled, cts.Token);
        Assert.Equal(ResourceCommandState.Disabled, CommandState(app, KafkaBrokerCommands.Down(2)));
        Assert.Contains(app.Resources.ConsoleLogs("kafka"), l => l.Content.Contains("Broker 2 is down", StringComparison.Ordinal));

        await app.Resources.ExecuteCommandAsync("kafka", KafkaBrokerCommands.Up(2), cts.Token);
        Assert.True(app.Kafka.Broker.IsBrokerUp(2));
        await app.Resources.WaitForAsync("kafka", s => s.HealthStatus == HealthStatus.Healthy, cts.Token);
        await app.Resources.WaitForAsync("kafka", _ => CommandState(app, KafkaBrokerCommands.Down(2)) == ResourceCommandState.Enabled, cts.Token);
    }

    private static ResourceCommandState? CommandState(KafkaOnlyApp app, string command) =>
        app.Resources.Snapshot("kafka").Commands.FirstOrDefault(c => c.Name == command)?.State;

    private static async Task<KafkaOnlyApp> StartAsync(CancellationToken cancellationToken)
    {
        // The AppHost's model with the services taken out: the Kafka resource exactly as Program.cs declares it.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>(cancellationToken);
        foreach (var service in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.Resources.Remove(service);
        }

        var kafka = builder.Resources.OfType<KafkaClusterResource>().Single();
        var app = await builder.BuildAsync(cancellationToken);
        var resources = ResourceMonitor.Start(app);
        await app.StartAsync(cancellationToken);
        await resources.WaitForHealthyAsync("kafka", cancellationToken);
        return new KafkaOnlyApp(app, resources, kafka);
    }

    /// <summary>The started one-resource app.</summary>
    private sealed record KafkaOnlyApp(DistributedApplication App, ResourceMonitor Resources, KafkaClusterResource Kafka) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Resources.DisposeAsync();
            await App.DisposeAsync();
        }
    }
}
