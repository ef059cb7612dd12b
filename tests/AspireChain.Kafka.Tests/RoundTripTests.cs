using System.Text;
using AspireChain.Contracts.Kafka;
using AspireChain.EmbeddedKafka;
using Confluent.Kafka;

namespace AspireChain.Kafka.Tests;

/// <summary>Real Confluent.Kafka clients against the embedded broker: the basics every service relies on.</summary>
public sealed class RoundTripTests
{
    [Fact]
    public async Task A_produced_message_arrives_with_key_value_and_headers()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { InitialRebalanceDelay = TimeSpan.Zero });
        var factory = TestClients.For(broker);
        using var producer = factory.CreateProducer();

        var message = new Message<string, byte[]>
        {
            Key = "sender-1",
            Value = Encoding.UTF8.GetBytes("{\"amount\":5}"),
            Headers = [new Header("custom", "value"u8.ToArray())],
        };
        var delivered = await producer.ProduceAsync(Topics.Transactions, message);
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);

        using var consumer = factory.CreateConsumer("round-trip");
        consumer.Subscribe(Topics.Transactions);
        var received = Assert.Single(Consuming.Count(consumer, 1));
        consumer.Close();

        Assert.Equal("sender-1", received.Message.Key);
        Assert.Equal("{\"amount\":5}", Encoding.UTF8.GetString(received.Message.Value));
        Assert.Equal("value"u8.ToArray(), received.Message.Headers.GetLastBytes("custom"));
        Assert.Equal(delivered.TopicPartitionOffset, received.TopicPartitionOffset);
    }

    [Theory]
    [InlineData("lz4")]
    [InlineData("zstd")]
    [InlineData("snappy")]
    [InlineData("gzip")]
    [InlineData("none")]
    public async Task Compressed_batches_of_binary_values_come_back_byte_for_byte(string compression)
    {
        // The embedded broker stores batches as produced: the consumer must get each value back whatever the codec.
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { InitialRebalanceDelay = TimeSpan.Zero });
        var factory = TestClients.For(broker, new Dictionary<string, string?>
        {
            ["Kafka:Producer:compression.type"] = compression,
            ["Kafka:Producer:linger.ms"] = "50",
        });
        Assert.Equal(compression, factory.CreateProducerConfig().Get("compression.type"));
        using var producer = factory.CreateProducer();
        // Values like binary transfers: a shared prefix (format byte, kind, chain id, sender key) and random bytes after it.
        var prefix = new byte[70];
        Random.Shared.NextBytes(prefix);
        var values = Enumerable.Range(0, 200).Select(_ => (byte[])[.. prefix, .. System.Security.Cryptography.RandomNumberGenerator.GetBytes(117)]).ToList();
        var deliveries = await Task.WhenAll(values.Select(v => producer.ProduceAsync(Topics.Blocks, new Message<string, byte[]> { Key = "k", Value = v })));
        Assert.All(deliveries, d => Assert.Equal(PersistenceStatus.Persisted, d.Status));

        using var consumer = factory.CreateConsumer("compressed-" + compression);
        consumer.Subscribe(Topics.Blocks);
        var received = Consuming.Count(consumer, values.Count);
        consumer.Close();

        Assert.Equal(values, received.Select(r => r.Message.Value));
    }

    [Fact]
    public void The_catalog_is_created_with_its_partition_counts()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { TransactionsPartitions = 6 });
        using var admin = TestClients.For(broker).CreateAdminClient();

        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));

        Assert.Equal(3, metadata.Brokers.Count);
        Assert.Equal(6, metadata.Topics.Single(t => t.Topic == Topics.Transactions).Partitions.Count);
        Assert.All([Topics.Candidates, Topics.Blocks, Topics.Rejections], name => Assert.Single(metadata.Topics.Single(t => t.Topic == name).Partitions));
    }
}
