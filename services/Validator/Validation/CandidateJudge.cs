using AspireChain.Ledger;

namespace AspireChain.Validator.Validation;

/// <summary>
/// The Validator's judgement of a candidate, a pure function of the block, the chain it would extend, the time and the
/// transfers ingest vouched for: no Kafka, no store, no clock of its own, nothing changed. Accepting (signing,
/// publishing, appending) is the caller's.
/// </summary>
/// <param name="network">The network whose consensus rules apply (transfer signatures are always checked here).</param>
/// <param name="vouched">Transfers whose signatures ingest verified (told in the validators' attestation); the rest are verified here.</param>
internal sealed class CandidateJudge(NetworkParameters network, IVerifiedSignatures vouched)
{
    /// <summary>
    /// Valid when <paramref name="candidate"/> extends <paramref name="chain"/>'s tip under every consensus rule at
    /// <paramref name="now"/> (Unix ms); otherwise the first broken rule, <c>stale</c> when its height already has a
    /// block. <paramref name="attested"/> is how many signatures were taken on ingest's word, <paramref name="verified"/>
    /// how many were verified here (both 0 when a cheaper rule failed first).
    /// </summary>
    public ValidationResult Judge(Block candidate, IChainView chain, long now, out int attested, out int verified)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(chain);
        var counting = new CountingView(vouched);
        var verdict = new BlockValidator(network, SignatureVerification.Parallel, counting).Validate(candidate, chain, now);
        attested = counting.Hits;
        verified = counting.Misses;
        return verdict;
    }

    // Counts the answers the rules got, so the figures are exactly the signatures skipped and verified for this block.
    private sealed class CountingView(IVerifiedSignatures inner) : IVerifiedSignatures
    {
        public int Hits { get; private set; }

        public int Misses { get; private set; }

        public bool Contains(Hash256 id)
        {
            var known = inner.Contains(id);
            if (known) Hits++;
            else Misses++;
            return known;
        }
    }
}
