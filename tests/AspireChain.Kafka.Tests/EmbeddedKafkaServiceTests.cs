using AspireChain.Contracts.Kafka;
using AspireChain.EmbeddedKafka;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AspireChain.Kafka.Tests;

/// <summary>The hosted form of the broker and start-up provisioning against it.</summary>
public sealed class EmbeddedKafkaServiceTests
{
    [Fact]
    public async Task The_hosted_broker_serves_while_the_host_runs_and_is_gone_after_it_stops()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddEmbeddedKafka(builder.Configuration, o => o.BrokerCount = 2);
        using var host = builder.Build();
        await host.StartAsync();

        var broker = host.Services.GetRequiredService<EmbeddedKafkaService>().Broker;
        using (var admin = TestClients.For(broker).CreateAdminClient())
        {
            Assert.Equal(2, admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers.Count);
        }

        await host.StopAsync();

        Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<EmbeddedKafkaService>().Broker);
        Assert.Throws<ObjectDisposedException>(() => broker.SetBrokerDown(1));
    }

    [Fact]
    public async Task Provisioning_reports_that_the_mock_cannot_create_topics_and_start_up_goes_on()
    {
        // The mock has no CreateTopics API (README "The embedded broker"): the embedded broker creates the catalog itself.
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { CreateTopics = false });
        using (var admin = TestClients.For(broker).CreateAdminClient())
        {
            await Assert.ThrowsAsync<KafkaException>(() => KafkaTopicProvisioner.EnsureTopicsAsync(admin, TopicCatalog.Create(), TimeSpan.FromSeconds(2)));
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = broker.BootstrapServers,
            [KafkaTopicProvisioner.TimeoutKey] = "00:00:02",
        });
        builder.AddKafkaClients();
        using var host = builder.Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();
    }
}
