using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AspireChain.Kafka.Tests;

/// <summary>Defaults and configuration layering of the client factory (Aspire.Confluent.Kafka's behaviour).</summary>
public sealed class ClientConfigurationTests
{
    [Fact]
    public void Producers_are_idempotent_with_acks_all_and_consumers_commit_manually_by_default()
    {
        var factory = KafkaClientFactory.ForBootstrapServers("127.0.0.1:9092");

        var producer = factory.CreateProducerConfig();
        var consumer = factory.CreateConsumerConfig("miners");

        Assert.Equal("127.0.0.1:9092", producer.BootstrapServers);
        Assert.True(producer.EnableIdempotence);
        Assert.Equal(Acks.All, producer.Acks);
        Assert.Equal(CompressionType.Lz4, producer.CompressionType);
        Assert.Equal("miners", consumer.GroupId);
        Assert.False(consumer.EnableAutoCommit);
        Assert.Equal(AutoOffsetReset.Earliest, consumer.AutoOffsetReset);
        Assert.Equal(GroupProtocol.Classic, consumer.GroupProtocol);
        Assert.Equal(6000, consumer.SessionTimeoutMs);
    }

    [Fact]
    public void Sections_override_defaults_in_order_common_kind_then_named_client()
    {
        var factory = KafkaClientFactory.ForBootstrapServers("127.0.0.1:9092", new Dictionary<string, string?>
        {
            ["Kafka:Common:statistics.interval.ms"] = "1000",
            ["Kafka:Producer:linger.ms"] = "20",
            ["Kafka:Producers:blocks:linger.ms"] = "0",
            ["Kafka:Producers:uncompressed:compression.type"] = "none",
            ["Kafka:Consumer:group.protocol"] = "consumer",
            ["OTEL_SERVICE_NAME"] = "miner",
        });

        Assert.Equal(20, factory.CreateProducerConfig().LingerMs);
        Assert.Equal(CompressionType.Lz4, factory.CreateProducerConfig().CompressionType);
        Assert.Equal(CompressionType.None, factory.CreateProducerConfig("uncompressed").CompressionType);
        Assert.Equal(0, factory.CreateProducerConfig("blocks").LingerMs);
        Assert.Equal(1000, factory.CreateProducerConfig().StatisticsIntervalMs);
        Assert.Equal("miner-blocks", factory.CreateProducerConfig("blocks").ClientId);
        var consumer = factory.CreateConsumerConfig("miners");
        Assert.Equal(GroupProtocol.Consumer, consumer.GroupProtocol);
        // KIP-848 refuses the classic session settings, so the defaults step aside.
        Assert.Null(consumer.SessionTimeoutMs);
    }

    [Fact]
    public void A_missing_connection_string_is_reported_by_name()
    {
        var factory = new KafkaClientFactory(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());

        Assert.False(factory.IsConfigured);
        var error = Assert.Throws<InvalidOperationException>(() => factory.CreateProducerConfig());
        Assert.Contains("ConnectionStrings__kafka", error.Message, StringComparison.Ordinal);
    }
}
