using AspireChain.Ledger;

namespace AspireChain.Validator.Validation;

/// <summary>
/// The Validator's judgement of a candidate, a pure function of the block, the chain it would extend and the time:
/// no Kafka, no store, no clock of its own, nothing changed. Accepting (signing, publishing, appending) is the caller's.
/// </summary>
/// <param name="network">The network whose consensus rules apply (transfer signatures are always checked here).</param>
internal sealed class CandidateJudge(NetworkParameters network)
{
    private readonly BlockValidator _rules = new(network, SignatureVerification.Parallel);

    /// <summary>
    /// Valid when <paramref name="candidate"/> extends <paramref name="chain"/>'s tip under every consensus rule at
    /// <paramref name="now"/> (Unix ms); otherwise the first broken rule, <c>stale</c> when its height already has a block.
    /// </summary>
    public ValidationResult Judge(Block candidate, IChainView chain, long now)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(chain);
        return _rules.Validate(candidate, chain, now);
    }
}
