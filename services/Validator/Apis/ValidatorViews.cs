namespace AspireChain.Validator.Apis;

/// <summary>What <c>GET /validator</c> reports.</summary>
/// <param name="Height">Tip height.</param>
/// <param name="TipHash">Tip hash.</param>
/// <param name="NextCandidateOffset">Stored <c>candidates</c> offset (where judging resumes).</param>
/// <param name="NextBlocksOffset">Stored <c>blocks</c> offset (where following resumes).</param>
/// <param name="Active">Whether this replica judges <c>candidates</c> now.</param>
/// <param name="NotActiveReason">Why it does not (standby, catching up, following stopped), or null.</param>
/// <param name="LastSnapshot">The last state snapshot this replica published and what it cost, or null.</param>
/// <param name="SignaturesVerified">Candidate transfers whose signature this replica verified (it verifies every one itself).</param>
/// <param name="SignaturesRemembered">Candidate transfers it had verified before (carried again by a later candidate), not verified twice.</param>
public sealed record ValidatorStatus(ulong Height, string TipHash, long NextCandidateOffset, long NextBlocksOffset, bool Active, string? NotActiveReason = null,
    Snapshots.PublishedSnapshot? LastSnapshot = null, long SignaturesVerified = 0, long SignaturesRemembered = 0);
