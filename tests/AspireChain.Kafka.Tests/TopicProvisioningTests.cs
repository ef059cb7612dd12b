using AspireChain.Contracts.Kafka;
using AspireChain.EmbeddedKafka;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AspireChain.Kafka.Tests;

/// <summary>Start-up topic provisioning against a broker that cannot create topics: reported, and start-up goes on.</summary>
public sealed class TopicProvisioningTests
{
    [Fact]
    public async Task Provisioning_reports_that_the_mock_cannot_create_topics_and_start_up_goes_on()
    {
        // The mock has no CreateTopics API (README "The embedded broker"): the embedded broker creates the catalog itself.
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { CreateTopics = false });
        using (var admin = TestClients.For(broker).CreateAdminClient())
        {
            await Assert.ThrowsAsync<KafkaException>(() => KafkaTopicProvisioner.EnsureTopicsAsync(admin, [.. TopicCatalog.Create().Select(t => t.ToKafkaTopic())], TimeSpan.FromSeconds(2)));
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
