namespace AspireChain.Contracts.Kafka;

/// <summary>The full topic catalog with partition counts, so brokers (embedded or real) are provisioned identically.</summary>
public static class TopicCatalog
{
    /// <summary>Configuration key overriding the partition count of <see cref="Topics.Transactions"/> (read by the hosts that provision topics).</summary>
    public const string TransactionsPartitionsKey = "Kafka:Topics:TransactionsPartitions";

    /// <summary>
    /// <c>min.compaction.lag.ms</c> of <see cref="Topics.Snapshots"/> (one hour): longer than the time between two
    /// snapshots, so the newest one always survives junk written under its keys on a compacting broker.
    /// </summary>
    public const string SnapshotsMinCompactionLagMs = "3600000";

    /// <summary>The catalog with <paramref name="transactionsPartitions"/> partitions for <c>transactions</c>; the rest have one partition because their order is the protocol.</summary>
    public static IReadOnlyList<TopicDefinition> Create(int transactionsPartitions = Topics.DefaultTransactionsPartitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(transactionsPartitions, 1);
        return
        [
            new(Topics.Transactions, transactionsPartitions, "sender address (hex)"),
            new(Topics.Candidates, 1, "height (decimal)"),
            new(Topics.Blocks, 1, "height (decimal)"),
            new(Topics.Rejections, 1, "transaction id or block hash (hex)"),
            // Compacted, keys per snapshot: the Validator's tombstones remove retired snapshots. A record is never compacted
            // away in its first hour, so junk written under a snapshot's own keys cannot displace it while it is new.
            new(Topics.Snapshots, 1, "snapshot/<height>/<digest>/chunk-NNNNN or snapshot/<height>/<digest>/manifest",
                new Dictionary<string, string> { ["cleanup.policy"] = "compact", ["min.compaction.lag.ms"] = SnapshotsMinCompactionLagMs }),
        ];
    }
}
