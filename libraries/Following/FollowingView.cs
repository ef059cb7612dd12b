namespace AspireChain.Following;

/// <summary>What <c>GET /following</c> reports: the followed tip, the stored position, progress and the newest faults.</summary>
/// <param name="Height">Tip height.</param>
/// <param name="TipHash">Tip hash.</param>
/// <param name="NextOffset">The stored <c>blocks</c> cursor.</param>
/// <param name="Lag">Records not yet read (-1 until known).</param>
/// <param name="CaughtUp">Whether the end of <c>blocks</c> was reached since start.</param>
/// <param name="Halted">Why following stopped, or null.</param>
/// <param name="RestoredBlocks">Blocks rebuilt from the store at start.</param>
/// <param name="Faults">Faults ever recorded in the store.</param>
/// <param name="RecentFaults">The newest of them, newest first.</param>
public sealed record FollowingView(
    ulong Height,
    string TipHash,
    long NextOffset,
    long Lag,
    bool CaughtUp,
    string? Halted,
    int RestoredBlocks,
    long Faults,
    IReadOnlyList<FollowFault> RecentFaults);
