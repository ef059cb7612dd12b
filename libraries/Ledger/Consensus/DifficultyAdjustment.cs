using System.Numerics;

namespace AspireChain.Ledger;

/// <summary>
/// Retargeting: every K blocks the target moves toward the target block time, clamped to ×4/÷4 per step and never
/// easier than the PoW limit. The time a window took is measured between the median times past at its two ends, not
/// between two raw timestamps, so no single block's timestamp (a miner's to choose, within the drift allowed) can swing
/// the difficulty: moving one timestamp moves a median by at most one place.
/// </summary>
public static class DifficultyAdjustment
{
    /// <summary>
    /// How many headers ending at the tip the rules read to judge the next block: the retarget window plus the median
    /// window before its first block (both ends of the window are medians).
    /// </summary>
    public static int HeaderWindow(NetworkParameters network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.MedianTimeSpan + Math.Max(0, network.RetargetInterval);
    }

    /// <summary>The median of the timestamps of the <see cref="NetworkParameters.MedianTimeSpan"/> headers ending at <paramref name="height"/> (fewer near genesis).</summary>
    public static long MedianTimePast(NetworkParameters network, ulong height, Func<ulong, BlockHeader> headerAt)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Median(height, (int)Math.Min((ulong)network.MedianTimeSpan, height + 1), headerAt);
    }

    // The median timestamp of the `span` headers ending at `height`.
    private static long Median(ulong height, int span, Func<ulong, BlockHeader> headerAt)
    {
        ArgumentNullException.ThrowIfNull(headerAt);
        Span<long> times = stackalloc long[span];
        for (var i = 0; i < span; i++) times[i] = headerAt(height - (ulong)i).Timestamp;
        times.Sort();
        return times[span / 2];
    }

    /// <summary>The target block <paramref name="nextHeight"/> must carry, given the headers before it (index = height).</summary>
    public static Target NextTarget(NetworkParameters network, ulong nextHeight, Func<ulong, BlockHeader> headerAt)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(headerAt);
        if (nextHeight == 0) return network.InitialTarget;
        var tip = headerAt(nextHeight - 1);
        var interval = (ulong)Math.Max(0, network.RetargetInterval);
        if (interval == 0 || nextHeight % interval != 0) return tip.Target;

        var last = nextHeight - 1;
        var first = last >= interval ? last - interval : 0;
        if (last == first) return tip.Target;
        var expected = (long)(last - first) * network.TargetBlockTimeMs;
        // Both ends over the same number of headers, so both medians lag their end by the same number of blocks (near
        // genesis the first window's span is 1: raw timestamps, once).
        var span = (int)Math.Min((ulong)network.MedianTimeSpan, first + 1);
        var measured = Median(last, span, headerAt) - Median(first, span, headerAt);
        var actual = Math.Clamp(measured, expected / 4, expected * 4);
        var next = tip.Target.ToBigInteger() * actual / expected;
        var limit = network.PowLimit.ToBigInteger();
        return Target.FromValue(BigInteger.Clamp(next, BigInteger.One, limit));
    }
}
