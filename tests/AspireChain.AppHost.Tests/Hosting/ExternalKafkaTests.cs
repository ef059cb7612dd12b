using AspireChain.AppHost.Hosting;
using AspireChain.AppHost.Hosting.Testing;
using AspireChain.EmbeddedKafka;

namespace AspireChain.AppHost.Tests.Hosting;

/// <summary><c>ConnectionStrings:kafka</c> points the whole system at an existing cluster instead of the embedded broker.</summary>
[Collection(ProcessLifetimeCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class ExternalKafkaTests
{
    [Fact]
    public async Task A_configured_connection_string_replaces_the_embedded_broker()
    {
        // "Existing" cluster: a broker this test owns, outside the AppHost.
        using var existing = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { BrokerCount = 1 });
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>(
            ["--Miners=1", "--Dashboard:Enabled=false", $"--ConnectionStrings:kafka={existing.BootstrapServers}"]);
        await using var app = await builder.BuildAsync();

        await app.StartAsync();
        // ChainQuery's /health includes broker reachability, so healthy means it talks to the existing cluster.
        await app.WaitForResourceHealthyAsync("chainquery", DistributedCollection.StartTimeout);

        Assert.Null(app.Broker);
        Assert.Equal(existing.BootstrapServers, app.GetConnectionString("kafka"));
        var kafka = app.GetResource("kafka");
        Assert.Equal(nameof(ResourceState.Running), kafka.State);
        Assert.Equal("external cluster", kafka.Environment["Mode"]);
        Assert.Equal(existing.BootstrapServers, app.GetResource("chainquery").Environment["ConnectionStrings__kafka"]);
    }
}
