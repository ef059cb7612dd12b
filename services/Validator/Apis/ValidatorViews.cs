namespace AspireChain.Validator.Apis;

/// <summary>What <c>GET /validator</c> reports.</summary>
/// <param name="Height">Tip height.</param>
/// <param name="TipHash">Tip hash.</param>
/// <param name="NextCandidateOffset">Stored <c>candidates</c> offset (where a restart resumes).</param>
/// <param name="NextBlocksOffset">Stored <c>blocks</c> offset (where catch-up resumes).</param>
/// <param name="Active">Whether this replica owns <c>candidates</c> now.</param>
public sealed record ValidatorStatus(ulong Height, string TipHash, long NextCandidateOffset, long NextBlocksOffset, bool Active);
