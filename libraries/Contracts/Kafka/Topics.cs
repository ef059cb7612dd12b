namespace AspireChain.Contracts.Kafka;

/// <summary>The names of the topics the services coordinate through: the one place they are spelled.</summary>
public static class Topics
{
    /// <summary>Signed transactions; key = sender address (hex), value = the transaction's binary wire form (<see cref="Messages.TransactionMessage"/>).</summary>
    public const string Transactions = "transactions";

    /// <summary>Candidate blocks from miners; key = height (decimal), value = the block's binary wire form (<see cref="Messages.CandidateMessage"/>).</summary>
    public const string Candidates = "candidates";

    /// <summary>Accepted blocks, the chain itself; key = height (decimal), value = the Validator's signed envelope, binary (<see cref="Messages.BlockMessage"/>).</summary>
    public const string Blocks = "blocks";

    /// <summary>Why a transaction or block was refused; key = tx id or block hash (hex), value = <see cref="Rejection"/> JSON.</summary>
    public const string Rejections = "rejections";

    /// <summary>
    /// The Validator's signed state snapshots, for nodes that cannot replay <see cref="Blocks"/> from offset 0; key =
    /// <c>snapshot/&lt;height&gt;/&lt;digest&gt;/chunk-NNNNN</c> or <c>…/manifest</c> (<see cref="Messages.SnapshotKey"/>: per
    /// snapshot, so compaction never lets one snapshot's records displace another's; retired snapshots get tombstones),
    /// value = <see cref="Messages.SnapshotMessage"/> binary, or null (a tombstone).
    /// </summary>
    public const string Snapshots = "snapshots";

    /// <summary>Default partition count of <see cref="Transactions"/> (configurable via <c>Kafka:Topics:TransactionsPartitions</c>).</summary>
    public const int DefaultTransactionsPartitions = 8;
}
