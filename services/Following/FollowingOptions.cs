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

    /// <summary>Faults kept in the store's list (the newest ones; the count covers all).</summary>
    public int MaxStoredFaults { get; set; } = 1_000;
}
