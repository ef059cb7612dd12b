using AspireChain.Ledger;

namespace AspireChain.Validator.Validation;

/// <summary>
/// The Validator's judgement of a candidate: every consensus rule, once, cheapest first, with every transfer signature
/// verified here (the judge trusts no other service's verification; it remembers only what it verified itself, so a
/// transfer carried again by a later candidate is not verified twice). A valid candidate is appended to the chain it was
/// judged against; signing and publishing it, or taking it back when publishing fails, is the caller's.
/// </summary>
/// <param name="capacity">How many transfer ids verified here are remembered (32 bytes each).</param>
internal sealed class CandidateJudge(int capacity)
{
    private readonly VerifiedSignatures _verified = new(capacity);

    /// <summary>Signatures verified here so far.</summary>
    public long SignaturesVerified => _verified.Verified;

    /// <summary>Signatures found verified here before (a candidate carrying them again), not verified twice.</summary>
    public long SignaturesRemembered => _verified.Remembered;

    /// <summary>
    /// Valid, and appended to <paramref name="chain"/>, when <paramref name="candidate"/> extends its tip under every
    /// consensus rule at <paramref name="now"/> (Unix ms); otherwise the first broken rule (<c>stale</c> when its
    /// height already has a block, naming the transfer when one transfer broke it) and the chain is unchanged.
    /// </summary>
    public ValidationResult JudgeAndAppend(Chain chain, Block candidate, long now)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(candidate);
        return chain.TryAppend(candidate, now, SignatureVerification.Parallel, _verified);
    }
}
