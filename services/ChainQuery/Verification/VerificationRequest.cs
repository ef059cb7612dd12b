namespace AspireChain.ChainQuery.Verification;

/// <summary>
/// What <c>POST /chain/verify</c> asks for: a full run (ignore the checkpoint) or not, and the pace in signatures per
/// second (null: the configured default; 0: no limit).
/// </summary>
public sealed record VerificationRequest(bool Full, int? SignaturesPerSecond);
