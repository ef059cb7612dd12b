using System.Numerics;

namespace AspireChain.Ledger;

/// <summary>Retargeting: every K blocks the target moves toward the target block time, clamped to ×4/÷4 per step and never easier than the PoW limit.</summary>
public static class DifficultyAdjustment
{
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
        var actual = Math.Clamp(tip.Timestamp - headerAt(first).Timestamp, expected / 4, expected * 4);
        var next = tip.Target.ToBigInteger() * actual / expected;
        var limit = network.PowLimit.ToBigInteger();
        return Target.FromValue(BigInteger.Clamp(next, BigInteger.One, limit));
    }
}
