using AspireChain.ChainQuery.Storage;

namespace AspireChain.ChainQuery.Apis;

/// <summary>A stored block as the API shows it, with confirmations counted from the current tip.</summary>
public sealed record BlockDetails(
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
    long Confirmations,
    IReadOnlyList<StoredTransaction> Transactions)
{
    /// <summary>Combines a stored block with the tip height it is shown against.</summary>
    public static BlockDetails From(StoredBlock block, long tipHeight) => new(
        block.Height, block.Hash, block.PreviousHash, block.MerkleRoot, block.TimestampMs, block.Target, block.Difficulty,
        block.Nonce, block.Miner, block.TransactionCount, tipHeight - block.Height + 1, block.Transactions);
}

/// <summary>An address's account plus one page of its history.</summary>
public sealed record AddressDetails(string Address, long Balance, long Nonce, long TransactionCount, Page<AddressHistoryEntry> History);

/// <summary>Chain-wide figures: size, throughput, work and how often miners lose the race.</summary>
/// <param name="Height">Height of the stored tip (-1 before genesis).</param>
/// <param name="TransactionCount">Confirmed transfers (coinbases excluded).</param>
/// <param name="PendingTransactions">Transactions seen on <c>transactions</c> but not yet confirmed or rejected.</param>
/// <param name="RejectedTransactions">Transactions a miner or the Validator rejected.</param>
/// <param name="TransactionsPerSecond">Confirmed transfers per second over the recent block window.</param>
/// <param name="AverageBlockSeconds">Mean block interval over the recent block window.</param>
/// <param name="HashRate">Estimated network hash rate: expected hashes of the window's blocks divided by its duration.</param>
/// <param name="Difficulty">Expected hashes to find the tip block (2^256 / (target + 1)).</param>
/// <param name="StaleBlocks">Candidates rejected as stale (lost the race for their height).</param>
/// <param name="StaleRate">Stale candidates as a share of stale plus accepted mined blocks.</param>
/// <param name="RejectedBlocks">Candidates rejected for any reason, stale included.</param>
/// <param name="HistoryFrom">
/// The first height after genesis whose block this node holds: null with the full history; after joining from a
/// snapshot, the snapshot height + 1 (blocks before it are not held locally; balances are complete).
/// </param>
public sealed record ChainStats(
    long Height,
    long TransactionCount,
    long PendingTransactions,
    long RejectedTransactions,
    double TransactionsPerSecond,
    double AverageBlockSeconds,
    double HashRate,
    double Difficulty,
    long StaleBlocks,
    double StaleRate,
    long RejectedBlocks,
    long? HistoryFrom = null);

/// <summary>The result of re-validating the whole stored chain with the Ledger's rules.</summary>
public sealed record ChainVerification(bool Valid, long Height, long BlocksChecked, long? FirstBadHeight, string? Reason, string? Detail);

/// <summary>What <c>GET /</c> returns to a non-browser client: what this service is and where to look.</summary>
public sealed record ServiceDescription(string Service, string Description, IReadOnlyList<string> Endpoints);
