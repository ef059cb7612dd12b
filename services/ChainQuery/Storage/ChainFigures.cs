namespace AspireChain.ChainQuery.Storage;

/// <summary>Counts and the recent block window the stats endpoint turns into rates.</summary>
public sealed record ChainFigures(
    long TipHeight,
    long ConfirmedTransactions,
    long PendingTransactions,
    long RejectedTransactions,
    long StaleBlocks,
    long RejectedBlocks,
    IReadOnlyList<RecentBlock> RecentBlocks);
