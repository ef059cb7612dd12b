using AspireChain.ChainQuery.Storage;

namespace AspireChain.ChainQuery.Apis;

/// <summary>
/// One mined block's way through the system, built from ChainQuery's own data: mined (miner's clock) → validated
/// (Validator's clock) → committed (the <c>blocks</c> record's Kafka timestamp) → applied (ChainQuery's clock), who
/// mined it, how fast, and the candidates that lost at its height. Times from headers are informational and may be
/// missing; the clocks are different machines', so a small negative step is skew, not time travel.
/// </summary>
/// <param name="Height">Block height.</param>
/// <param name="Hash">Block hash.</param>
/// <param name="Miner">The reward address in the header (consensus data).</param>
/// <param name="MinerInstance">The miner replica's name from the headers, when known.</param>
/// <param name="TransactionCount">Transactions in the block, coinbase included (as in <c>/chain</c>).</param>
/// <param name="TimestampMs">The header timestamp.</param>
/// <param name="Difficulty">Expected hashes to find the block: 2^256 / (target + 1).</param>
/// <param name="MinedAtMs">When the nonce was found.</param>
/// <param name="ValidatedAtMs">When the Validator validated it.</param>
/// <param name="CommittedAtMs">Kafka timestamp of the <c>blocks</c> record.</param>
/// <param name="AppliedAtMs">When ChainQuery applied it (its transactions became confirmed).</param>
/// <param name="MinedToValidatedMs">Validated minus mined.</param>
/// <param name="ValidatedToCommittedMs">Committed minus validated.</param>
/// <param name="CommittedToAppliedMs">Applied minus committed.</param>
/// <param name="FirstSubmittedAtMs">Kafka timestamp of the earliest of its transfers on <c>transactions</c>, when seen.</param>
/// <param name="SubmittedToAppliedMs">Applied minus first submitted.</param>
/// <param name="ProofOfWorkAttempts">Hashes the winning search tried.</param>
/// <param name="ProofOfWorkSearchMs">How long the winning search ran.</param>
/// <param name="IntervalSeconds">Header timestamp minus the previous block's (none for height 1: genesis has a fixed time).</param>
/// <param name="ReportedHashRate">The winning miner's own rate: attempts / search time (one replica, not the network).</param>
/// <param name="EstimatedHashRate">Network estimate: <paramref name="Difficulty"/> / <paramref name="IntervalSeconds"/>.</param>
/// <param name="HashRate">The rate shown: reported when known, else estimated.</param>
/// <param name="HashRateSource"><see cref="Reported"/>, <see cref="Estimated"/>, or null when neither is known.</param>
/// <param name="RejectedCandidates">Stale or invalid candidates for this height, oldest first.</param>
public sealed record BlockLifecycle(
    long Height,
    string Hash,
    string Miner,
    string? MinerInstance,
    int TransactionCount,
    long TimestampMs,
    double Difficulty,
    long? MinedAtMs,
    long? ValidatedAtMs,
    long? CommittedAtMs,
    long? AppliedAtMs,
    long? MinedToValidatedMs,
    long? ValidatedToCommittedMs,
    long? CommittedToAppliedMs,
    long? FirstSubmittedAtMs,
    long? SubmittedToAppliedMs,
    long? ProofOfWorkAttempts,
    double? ProofOfWorkSearchMs,
    double? IntervalSeconds,
    double? ReportedHashRate,
    double? EstimatedHashRate,
    double? HashRate,
    string? HashRateSource,
    IReadOnlyList<CandidateRejection> RejectedCandidates)
{
    /// <summary><see cref="HashRateSource"/> when the rate is the miner's own (from the headers).</summary>
    public const string Reported = "reported";

    /// <summary><see cref="HashRateSource"/> when the rate is estimated from difficulty and block interval.</summary>
    public const string Estimated = "estimated";

    /// <summary>Derives the durations and rates from a stored row and the candidates rejected at its height.</summary>
    public static BlockLifecycle From(StoredLifecycle block, IReadOnlyList<CandidateRejection> rejected)
    {
        ArgumentNullException.ThrowIfNull(block);
        double? interval = block.PreviousTimestampMs is { } previous && block.Height > 1 ? (block.TimestampMs - previous) / 1000.0 : null;
        double? estimated = interval > 0 ? block.Difficulty / interval : null;
        double? reported = block.Attempts is > 0 && block.SearchMs is > 0 ? block.Attempts.Value / (block.SearchMs.Value / 1000) : null;
        return new BlockLifecycle(
            block.Height,
            block.Hash,
            block.Miner,
            block.MinerInstance,
            block.TransactionCount,
            block.TimestampMs,
            block.Difficulty,
            block.MinedAtMs,
            block.ValidatedAtMs,
            block.CommittedAtMs,
            block.AppliedAtMs,
            block.ValidatedAtMs - block.MinedAtMs,
            block.CommittedAtMs - block.ValidatedAtMs,
            block.AppliedAtMs - block.CommittedAtMs,
            block.FirstSubmittedAtMs,
            block.AppliedAtMs - block.FirstSubmittedAtMs,
            block.Attempts,
            block.SearchMs,
            interval,
            reported,
            estimated,
            reported ?? estimated,
            reported is not null ? Reported : estimated is not null ? Estimated : null,
            rejected);
    }
}
