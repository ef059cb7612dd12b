using Confluent.Kafka;

namespace AspireChain.DistributedTests.Infrastructure;

/// <summary>One record read back from a topic.</summary>
internal sealed record TopicRecord(int Partition, long Offset, string? Key, byte[] Value);

/// <summary>
/// Reads a whole topic as it stands, from the beginning, with a fresh consumer group and real Confluent.Kafka clients:
/// how the tests see what really reached Kafka (independently of what any service says).
/// </summary>
internal static class TopicReader
{
    /// <summary>Every record of <paramref name="topic"/> up to its end when the read starts.</summary>
    public static async Task<IReadOnlyList<TopicRecord>> ReadAllAsync(string bootstrapServers, string topic, CancellationToken cancellationToken) =>
        await Task.Run(() => ReadAll(bootstrapServers, topic, cancellationToken), cancellationToken);

    /// <summary>Sum of the partitions' high watermarks: a count of everything ever appended (plus transaction markers).</summary>
    public static Task<long> CountAppendedAsync(string bootstrapServers, string topic, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            using var consumer = CreateConsumer(bootstrapServers);
            return Partitions(bootstrapServers, topic).Sum(p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        }, cancellationToken);

    private static List<TopicRecord> ReadAll(string bootstrapServers, string topic, CancellationToken cancellationToken)
    {
        using var consumer = CreateConsumer(bootstrapServers);
        var partitions = Partitions(bootstrapServers, topic);
        // The end is fixed up front; end-of-partition events mark it because transaction markers are never delivered.
        var ends = partitions.ToDictionary(p => p.Partition.Value, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        var open = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        var records = new List<TopicRecord>();
        consumer.Assign(partitions.Where(p => open.Contains(p.Partition.Value)).Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        while (open.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            var partition = result.Partition.Value;
            if (!result.IsPartitionEOF)
            {
                records.Add(new TopicRecord(partition, result.Offset.Value, result.Message.Key, result.Message.Value));
            }

            if (result.Offset.Value + (result.IsPartitionEOF ? 0 : 1) >= ends[partition])
            {
                open.Remove(partition);
            }
        }

        consumer.Close();
        return records;
    }

    private static List<TopicPartition> Partitions(string bootstrapServers, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        return [.. metadata.Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId))];
    }

    private static IConsumer<string, byte[]> CreateConsumer(string bootstrapServers) =>
        new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"distributed-tests-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
}
