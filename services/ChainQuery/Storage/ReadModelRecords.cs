namespace AspireChain.ChainQuery.Storage;

/// <summary>A block as the read model stores it: header facts plus the transactions it confirmed.</summary>
public sealed record StoredBlock(
    long Height,
    string Hash,
    string PreviousHash,
    string MerkleRoot,
    long TimestampMs,
    string Target,
    double Difficulty,
    ulong Nonce,
    string Miner,
    int TransactionCount,
    IReadOnlyList<StoredTransaction> Transactions);

/// <summary>One transfer (or the coinbase, which has no sender) as the read model stores it.</summary>
public sealed record StoredTransaction(
    string Id,
    string? Sender,
    string Recipient,
    long Amount,
    long Fee,
    long Nonce,
    bool IsCoinbase);

/// <summary>Where a transaction stands from ChainQuery's point of view.</summary>
public sealed record TransactionStatus(
    string Id,
    string Status,
    long? Height,
    string? BlockHash,
    long? Confirmations,
    string? Sender,
    string? Recipient,
    long? Amount,
    long? Fee,
    long? Nonce,
    string? Reason,
    string? Detail);

/// <summary>An account's balance and next nonce as of the stored tip.</summary>
public sealed record AccountState(string Address, long Balance, long Nonce, long TransactionCount);

/// <summary>One line of an address's history: a confirmed transfer it sent or received.</summary>
public sealed record AddressHistoryEntry(string TransactionId, long Height, string Direction, string? Counterparty, long Amount, long Fee);

/// <summary>A block summary for chain listings and the live feed.</summary>
public sealed record BlockSummary(long Height, string Hash, string PreviousHash, long TimestampMs, int TransactionCount, double Difficulty, string Miner);

/// <summary>
/// One block's lifecycle as stored: header facts, the previous block's timestamp (for the interval), the informational
/// headers, the Kafka commit time, when ChainQuery applied it and when its earliest transfer was submitted.
/// </summary>
public sealed record StoredLifecycle(
    long Height,
    string Hash,
    string Miner,
    int TransactionCount,
    long TimestampMs,
    double Difficulty,
    long? PreviousTimestampMs,
    string? MinerInstance,
    long? Attempts,
    double? SearchMs,
    long? MinedAtMs,
    long? ValidatedAtMs,
    long? CommittedAtMs,
    long? AppliedAtMs,
    long? FirstSubmittedAtMs);

/// <summary>A candidate block the Validator turned down (lost the race or broke a rule), as read from <c>rejections</c>.</summary>
/// <param name="Height">Height the candidate was for.</param>
/// <param name="Hash">The candidate's hash.</param>
/// <param name="Reason">The reject code (<c>stale</c>, <c>high-hash</c>, ...).</param>
/// <param name="Detail">The Validator's explanation, when it gave one.</param>
/// <param name="Source">The service that rejected it.</param>
/// <param name="RejectedAtMs">When it was rejected (Unix ms, the rejecting service's clock).</param>
public sealed record CandidateRejection(long Height, string Hash, string Reason, string? Detail, string? Source, long? RejectedAtMs);

/// <summary>What applying one block did: the outcome and, per confirmed transfer whose submission was seen, the seconds it took.</summary>
public sealed record BlockApplication(BlockApplyOutcome Outcome, IReadOnlyList<double> ConfirmationSeconds)
{
    /// <summary>A replay: nothing changed.</summary>
    public static BlockApplication Duplicate { get; } = new(BlockApplyOutcome.Duplicate, []);
}

/// <summary>One of the most recent blocks, as the rate estimates see it.</summary>
public readonly record struct RecentBlock(long Height, long TimestampMs, int TransactionCount, double Difficulty);
