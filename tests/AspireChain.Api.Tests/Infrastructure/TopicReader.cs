using Confluent.Kafka;

namespace AspireChain.Api.Tests.Infrastructure;

/// <summary>Reads a topic from the beginning without joining a group (assigned partitions), so checks take milliseconds.</summary>
internal static class TopicReader
{
    /// <summary>Total number of records in <paramref name="topic"/> (sum of high watermarks): exact, no waiting.</summary>
    public static long CountRecords(string bootstrapServers, string topic)
    {
        using var consumer = Create(bootstrapServers);
        return Partitions(bootstrapServers, topic)
            .Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
    }

    /// <summary>Every record of <paramref name="topic"/> once at least <paramref name="expected"/> arrived; fails at the deadline.</summary>
    public static List<ConsumeResult<string, byte[]>> ReadAll(string bootstrapServers, string topic, int expected, TimeSpan? deadline = null)
    {
        using var consumer = Create(bootstrapServers);
        consumer.Assign(Partitions(bootstrapServers, topic).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var received = new List<ConsumeResult<string, byte[]>>();
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(30));
        while (received.Count < expected)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Expected {expected} record(s) on {topic}, got {received.Count}.");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: false, Message: not null })
            {
                received.Add(result);
            }
        }

        consumer.Close();
        return received;
    }

    private static List<int> Partitions(string bootstrapServers, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        return admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => p.PartitionId).ToList();
    }

    private static IConsumer<string, byte[]> Create(string bootstrapServers) =>
        new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "probe-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
}
