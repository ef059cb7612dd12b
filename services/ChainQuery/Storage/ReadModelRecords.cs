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

/// <summary>A problem met while following <c>blocks</c>: a rejected block, a height gap or a lost offset.</summary>
public sealed record FollowFault(string Kind, long? Offset, long? Height, string? Hash, string Reason, string Detail, long AtMs);
