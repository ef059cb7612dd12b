namespace AspireChain.ChainQuery.Verification;

/// <summary>
/// Where the last valid run ended: the height, its block's hash and the replayed state there (a <c>ChainSnapshot</c>'s
/// binary form), so the next run verifies only what was added since.
/// </summary>
public sealed record VerificationCheckpoint(long Height, string Hash, byte[] Snapshot);
