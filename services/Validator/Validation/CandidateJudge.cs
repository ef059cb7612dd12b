using AspireChain.Ledger;

namespace AspireChain.Validator.Validation;

/// <summary>
/// The Validator's judgement of a candidate, a pure function of the block, the chain it would extend and the time: no
/// Kafka, no store, no clock of its own, nothing changed. Every transfer signature is verified here: the judge trusts
/// no other service's verification. Accepting (signing, publishing, appending) is the caller's.
/// </summary>
/// <param name="network">The network whose consensus rules apply.</param>
internal sealed class CandidateJudge(NetworkParameters network)
{
    /// <summary>
    /// Valid when <paramref name="candidate"/> extends <paramref name="chain"/>'s tip under every consensus rule at
    /// <paramref name="now"/> (Unix ms); otherwise the first broken rule, <c>stale</c> when its height already has a
    /// block. <paramref name="verified"/> is how many signatures were verified (0 when a cheaper rule failed first).
    /// </summary>
    public ValidationResult Judge(Block candidate, IChainView chain, long now, out int verified)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(chain);
        var verdict = new BlockValidator(network, SignatureVerification.Parallel).Validate(candidate, chain, now);
        verified = verdict.IsValid || verdict.Reason == RejectReason.BadSignature ? candidate.Transactions.Count - 1 : 0;
        return verdict;
    }
}
