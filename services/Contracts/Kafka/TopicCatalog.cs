namespace AspireChain.Contracts.Kafka;

/// <summary>The full topic catalog with partition counts, so brokers (embedded or real) are provisioned identically.</summary>
public static class TopicCatalog
{
    /// <summary>Configuration key overriding the partition count of <see cref="Topics.Transactions"/> (read by the hosts that provision topics).</summary>
    public const string TransactionsPartitionsKey = "Kafka:Topics:TransactionsPartitions";

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
            // Compacted: each chunk index and the manifest keep their newest record, i.e. the newest complete snapshot.
            new(Topics.Snapshots, 1, "chunk-NNNNN or manifest", new Dictionary<string, string> { ["cleanup.policy"] = "compact" }),
        ];
    }
}
