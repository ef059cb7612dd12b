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

/// <summary>
/// A run of re-validating the stored chain with the Ledger's rules (<c>POST /chain/verify</c> starts one,
/// <c>GET /chain/verify</c> shows the newest): where it stands while it runs, its verdict once it finished.
/// </summary>
/// <param name="Id">The run's number (<c>GET /chain/verify/{id}</c>).</param>
/// <param name="State">
/// <c>running</c>, <c>valid</c>, <c>invalid</c>, <c>interrupted</c> (ChainQuery stopped before the run finished) or
/// <c>failed</c> (the store could not be read; <c>detail</c> says why).
/// </param>
/// <param name="Valid">True once the run finished and found the chain and the read model sound.</param>
/// <param name="Mode">
/// <c>full</c> (from genesis, or from the base the store starts from after joining from a snapshot) or
/// <c>incremental</c> (from the checkpoint the last valid run left).
/// </param>
/// <param name="CheckpointHeight">The checkpoint an incremental run started after (its block's hash checked first).</param>
/// <param name="FromHeight">The first height the run checks.</param>
/// <param name="ToHeight">
/// The stored tip when the run took its snapshot of the store (-1 until it did): it checks up to there; blocks applied
/// since are the next run's.
/// </param>
/// <param name="Height">The highest height verified so far: the replayed chain's tip.</param>
/// <param name="BlocksChecked">Blocks this run verified so far (progress, of <paramref name="BlocksTotal"/>).</param>
/// <param name="BlocksTotal">Blocks this run verifies (0 until it took its snapshot).</param>
/// <param name="TransfersChecked">Transfers whose signature this run verified.</param>
/// <param name="SignaturesPerSecond">The pace the run keeps to; null: as fast as the cores allow.</param>
/// <param name="StartedAtMs">When the run started (Unix ms).</param>
/// <param name="FinishedAtMs">When it finished (Unix ms), null while running.</param>
/// <param name="DurationMs">From start to finish, or to now while running.</param>
/// <param name="FirstBadHeight">The height of the first block that failed, when one did.</param>
/// <param name="Reason">Why the run is not valid: the rule's reject code (<c>bad-prevblk</c>, ...), <c>read-model-mismatch</c>, <c>checkpoint-mismatch</c>.</param>
/// <param name="Detail">What exactly failed.</param>
public sealed record ChainVerificationRun(
    long Id,
    string State,
    bool Valid,
    string Mode,
    long? CheckpointHeight,
    long FromHeight,
    long ToHeight,
    long Height,
    long BlocksChecked,
    long BlocksTotal,
    long TransfersChecked,
    int? SignaturesPerSecond,
    long StartedAtMs,
    long? FinishedAtMs,
    long DurationMs,
    long? FirstBadHeight,
    string? Reason,
    string? Detail);

/// <summary>What <c>GET /</c> returns to a non-browser client: what this service is and where to look.</summary>
public sealed record ServiceDescription(string Service, string Description, IReadOnlyList<string> Endpoints);
