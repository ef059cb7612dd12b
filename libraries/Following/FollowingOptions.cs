namespace AspireChain.Following;

/// <summary>How a service follows <c>blocks</c>, bound from the <c>Following</c> configuration section (same in every service).</summary>
public sealed class FollowingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Following";

    /// <summary>
    /// Also verify every transfer signature of every block read (default false: the Validator verified them before it
    /// signed the block, and the block's validator signature is always checked; every other consensus rule always runs).
    /// </summary>
    public bool VerifyTransactionSignatures { get; set; }

    /// <summary>Behind the end of <c>blocks</c> for this long without reading anything: the follower is stalled (unhealthy).</summary>
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a stored offset the broker does not hold is tried again (it is never skipped).</summary>
    public TimeSpan OffsetRetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Blocks of history the store keeps; older ones are dropped once the state they lead to is stored as the store's
    /// base. 0 keeps the full history the node has (an archive: ChainQuery's default). Each service sets its own default
    /// (<see cref="FollowingServiceExtensions.AddBlocksFollowing{THandler}"/>): miners and validators prune
    /// (<see cref="PrunedHistoryBlocks"/>). Memory never holds more than the chain's recent window, whatever this says.
    /// </summary>
    public int KeepBlocks { get; set; }

    /// <summary>The history a pruning node's store keeps by default: enough to restart without the broker's help.</summary>
    public const int PrunedHistoryBlocks = 256;

    /// <summary>
    /// A new store joins from the newest verifiable snapshot even while <c>blocks</c> still starts at offset 0 (default
    /// false: replay the full history while the broker holds it; a snapshot is used only once the early records are gone).
    /// </summary>
    public bool PreferSnapshot { get; set; }

    /// <summary>How often the snapshots topic is looked at again while no snapshot could be verified (only what was appended since is read).</summary>
    public TimeSpan SnapshotRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Largest snapshot a joining node fetches, bytes (default 256 MiB): a sealed manifest announcing a longer one is
    /// refused (<c>snapshot-too-large</c>) before any chunk is read, so nothing on <c>snapshots</c> makes a node hold more.
    /// </summary>
    public long MaxSnapshotBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Each applied block's commit is flushed to disk before the next is read (SQLite <c>synchronous=FULL</c>; default
    /// true). False (<c>NORMAL</c>) keeps commits atomic and survives the process dying, but a crash of the machine can
    /// lose the last few, which the follower then reads from <c>blocks</c> again: right for a store that is a view of
    /// the topic (ChainQuery's read model), where a flush per block cost 9 % of the service's CPU under load.
    /// </summary>
    public bool DurableCommits { get; set; } = true;

    /// <summary>Faults kept in the store's list (the newest ones; the count covers all).</summary>
    public int MaxStoredFaults { get; set; } = 1_000;
}
