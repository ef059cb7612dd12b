using Confluent.Kafka;

namespace AspireChain.Testing;

/// <summary>Reads a topic from the beginning without joining a group (assigned partitions), so checks take milliseconds.</summary>
public static class TopicReader
{
    /// <summary>
    /// Every record currently in <paramref name="topic"/>, read up to the high watermarks taken first. Ends on
    /// end-of-partition events, not on counts: transaction markers take offsets but are never delivered. Bounded by
    /// <paramref name="cancellationToken"/> when one is given, else by 30 s.
    /// </summary>
    public static List<ConsumeResult<string, byte[]>> ReadAll(string bootstrapServers, string topic, CancellationToken cancellationToken = default)
    {
        using var consumer = Create(bootstrapServers);
        var partitions = Partitions(bootstrapServers, topic);
        var ends = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
        var pending = partitions.Where(p => ends[p] > 0).ToHashSet();
        consumer.Assign(pending.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var received = new List<ConsumeResult<string, byte[]>>();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!cancellationToken.CanBeCanceled && DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Reading {topic} to its end timed out after {received.Count} record(s).");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                if (result.Offset.Value >= ends[result.Partition.Value])
                {
                    pending.Remove(result.Partition.Value);
                }
            }
            else if (result.Offset.Value < ends[result.Partition.Value])
            {
                received.Add(result);
            }
        }

        consumer.Close();
        return received;
    }

    /// <summary>
    /// Every record of <paramref name="topic"/> up to its end when the read starts, off the caller's thread: how a
    /// distributed test sees what really reached Kafka, independently of what any service says.
    /// </summary>
    public static Task<IReadOnlyList<TopicRecord>> ReadAllAsync(string bootstrapServers, string topic, CancellationToken cancellationToken) =>
        Task.Run<IReadOnlyList<TopicRecord>>(
            () => ReadAll(bootstrapServers, topic, cancellationToken)
                .Select(r => new TopicRecord(r.Partition.Value, r.Offset.Value, r.Message.Key, r.Message.Value))
                .ToList(),
            cancellationToken);

    /// <summary>Sum of the partitions' high watermarks, off the caller's thread: a count of everything ever appended (plus transaction markers).</summary>
    public static Task<long> CountAppendedAsync(string bootstrapServers, string topic, CancellationToken cancellationToken) =>
        Task.Run(() => CountRecords(bootstrapServers, topic), cancellationToken);

    /// <summary>Total number of offsets in <paramref name="topic"/> (sum of high watermarks): exact for non-transactional topics, no waiting.</summary>
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
            EnablePartitionEof = true,
        }).Build();
}
