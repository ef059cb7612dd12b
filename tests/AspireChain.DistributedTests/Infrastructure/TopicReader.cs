namespace AspireChain.DistributedTests.Infrastructure;

/// <summary>One record read back from a topic.</summary>
internal sealed record TopicRecord(int Partition, long Offset, string? Key, byte[] Value);

/// <summary>
/// Reads a whole topic as it stands, from the beginning, with real Confluent.Kafka clients: how the tests see what
/// really reached Kafka (independently of what any service says). The reading itself is the shared test library's.
/// </summary>
internal static class TopicReader
{
    /// <summary>Every record of <paramref name="topic"/> up to its end when the read starts.</summary>
    public static Task<IReadOnlyList<TopicRecord>> ReadAllAsync(string bootstrapServers, string topic, CancellationToken cancellationToken) =>
        Task.Run<IReadOnlyList<TopicRecord>>(
            () => AspireChain.Testing.TopicReader.ReadAll(bootstrapServers, topic, cancellationToken)
                .Select(r => new TopicRecord(r.Partition.Value, r.Offset.Value, r.Message.Key, r.Message.Value))
                .ToList(),
            cancellationToken);

    /// <summary>Sum of the partitions' high watermarks: a count of everything ever appended (plus transaction markers).</summary>
    public static Task<long> CountAppendedAsync(string bootstrapServers, string topic, CancellationToken cancellationToken) =>
        Task.Run(() => AspireChain.Testing.TopicReader.CountRecords(bootstrapServers, topic), cancellationToken);
}
