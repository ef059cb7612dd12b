namespace AspireChain.Following;

/// <summary>
/// A record of <c>blocks</c> that was not applied, or why following stopped: <c>refused</c> (unreadable, badly signed or
/// breaking a consensus rule: stepped over), <c>conflict</c> (a different block at a height already held: stepped over),
/// <c>gap</c> or <c>offset-out-of-range</c> (following stops, nothing is skipped), <c>store</c> (the local store cannot be used),
/// <c>snapshot-refused</c> (a snapshot that did not verify; the node waits for a good one).
/// </summary>
/// <param name="Kind">What happened (see above).</param>
/// <param name="Offset">The <c>blocks</c> offset, when one record is concerned.</param>
/// <param name="Height">The height the record claimed, when readable.</param>
/// <param name="Hash">The hash of the block it carried, when readable.</param>
/// <param name="Reason">A stable code (a Ledger reject code such as <c>bad-validator-signature</c>, or the kind).</param>
/// <param name="Detail">For humans.</param>
/// <param name="AtMs">When it was recorded, Unix milliseconds.</param>
public sealed record FollowFault(string Kind, long? Offset, long? Height, string? Hash, string Reason, string Detail, long AtMs)
{
    /// <summary>Stepped over: unreadable, badly signed or breaking a rule.</summary>
    public const string Refused = "refused";

    /// <summary>Stepped over: a different block at a height this follower already holds.</summary>
    public const string Conflict = "conflict";

    /// <summary>Following stopped: a height is missing.</summary>
    public const string Gap = "gap";

    /// <summary>Following stopped: the stored offset is not on the broker.</summary>
    public const string OffsetOutOfRange = "offset-out-of-range";

    /// <summary>A snapshot on the snapshots topic that could not be verified (bad signature, wrong state root, a missing chunk): not used.</summary>
    public const string SnapshotRefused = "snapshot-refused";

    /// <summary>Following stopped: the local store cannot be used (damaged, or another network's).</summary>
    public const string Store = "store";
}
