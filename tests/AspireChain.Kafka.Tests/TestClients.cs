using AspireChain.EmbeddedKafka;
using AspireChain.ServiceDefaults.Kafka;

namespace AspireChain.Kafka.Tests;

/// <summary>Client factories for tests: the service defaults plus bounded delivery timeouts, so a stuck produce fails a test instead of hanging it.</summary>
internal static class TestClients
{
    /// <summary>A factory for <paramref name="broker"/>; <paramref name="settings"/> add or override configuration.</summary>
    public static KafkaClientFactory For(EmbeddedKafkaBroker broker, IDictionary<string, string?>? settings = null, KafkaStatisticsMetrics? statistics = null)
    {
        var values = new Dictionary<string, string?> { ["Kafka:Producer:message.timeout.ms"] = "60000" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return KafkaClientFactory.ForBootstrapServers(broker.BootstrapServers, values, statistics: statistics);
    }
}
