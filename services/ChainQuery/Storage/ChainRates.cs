namespace AspireChain.ChainQuery.Storage;

/// <summary>
/// Rates over a window of recent blocks, shared by <c>/stats</c> and the chain metrics so both tell the same story.
/// Intervals are measured between blocks, so the window's first block only anchors the clock.
/// </summary>
/// <param name="TransactionsPerSecond">Transactions of the window's blocks over its duration.</param>
/// <param name="AverageBlockSeconds">Mean block interval.</param>
/// <param name="HashRate">Estimated network hash rate: expected hashes of the window's blocks (2^256 / (target + 1) each) over its duration.</param>
public readonly record struct ChainRates(double TransactionsPerSecond, double AverageBlockSeconds, double HashRate)
{
    /// <summary>The rates over <paramref name="recent"/> (oldest first); zeroes when fewer than two blocks or no time passed.</summary>
    public static ChainRates Over(IReadOnlyList<RecentBlock> recent)
    {
        ArgumentNullException.ThrowIfNull(recent);
        if (recent.Count < 2)
        {
            return default;
        }

        var seconds = (recent[^1].TimestampMs - recent[0].TimestampMs) / 1000.0;
        if (seconds <= 0)
        {
            return default;
        }

        var intervals = recent.Skip(1).ToList();
        return new ChainRates(intervals.Sum(b => b.TransactionCount) / seconds, seconds / intervals.Count, intervals.Sum(b => b.Difficulty) / seconds);
    }
}
