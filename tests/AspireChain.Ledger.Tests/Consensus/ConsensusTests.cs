using System.Numerics;

namespace AspireChain.Ledger.Tests.Consensus;

public sealed class ConsensusTests
{
    [Theory]
    [InlineData(0x20FFFFFFu)]
    [InlineData(0x1D00FFFFu - 0x00800000u)]
    [InlineData(0x1E040000u)]
    [InlineData(0x03123456u)]
    public void Canonical_compact_targets_round_trip(uint bits)
    {
        var target = Target.FromBits(bits);
        Assert.Equal(bits, Target.FromValue(target.ToBigInteger()).Bits);
    }

    [Theory]
    [InlineData(0x2100FFFFu)] // same value as 0x20ffff00, not canonical
    [InlineData(0x21FFFFFFu)] // above 2^256
    [InlineData(0x1E000000u)] // zero
    [InlineData(0x1E00FFFFu)] // leading zero mantissa byte
    public void Non_canonical_compact_targets_are_refused(uint bits) => Assert.False(Target.TryFromBits(bits, out _));

    [Fact]
    public void Expected_attempts_match_the_construction()
    {
        Assert.InRange(Target.FromExpectedAttempts(1 << 20).ExpectedAttempts, (1 << 20) * 0.99, (1 << 20) * 1.01);
        Assert.InRange(NetworkParameters.Test.InitialTarget.ExpectedAttempts, 1, 1.01);
    }

    [Fact]
    public void Options_select_the_preset_and_apply_overrides()
    {
        var parameters = NetworkParameters.From(new ChainOptions { Network = "test", RetargetInterval = 5, TargetBlockTimeMs = 250, PremineAmount = 77, InitialTarget = "1e040000" });
        Assert.Equal(NetworkParameters.Test.ChainId, parameters.ChainId);
        Assert.Equal(5, parameters.RetargetInterval);
        Assert.Equal(250, parameters.TargetBlockTimeMs);
        Assert.Equal(0x1E040000u, parameters.InitialTarget.Bits);
        Assert.Equal(77UL, Assert.Single(parameters.Premine).Amount);
        Assert.Throws<ArgumentException>(() => NetworkParameters.From(new ChainOptions { Network = "main" }));
    }

    private static NetworkParameters Retargeting => NetworkParameters.Test with
    {
        RetargetInterval = 4,
        TargetBlockTimeMs = 1_000,
        InitialTarget = Target.FromExpectedAttempts(1 << 8),
        PowLimit = Target.FromExpectedAttempts(1 << 4),
    };

    private static Target TargetAfterOneWindow(long blockIntervalMs)
    {
        var network = Retargeting;
        var headers = new List<BlockHeader> { Genesis.Create(network).Header };
        for (var h = 1UL; h < 4; h++)
            headers.Add(headers[^1] with { Height = h, Timestamp = headers[^1].Timestamp + blockIntervalMs });
        return DifficultyAdjustment.NextTarget(network, 4, h => headers[(int)h]);
    }

    [Fact]
    public void On_schedule_keeps_the_target() => Assert.Equal(Retargeting.InitialTarget, TargetAfterOneWindow(1_000));

    [Fact]
    public void Twice_as_fast_halves_the_target()
    {
        var ratio = (double)Retargeting.InitialTarget.ToBigInteger() / (double)TargetAfterOneWindow(500).ToBigInteger();
        Assert.InRange(ratio, 1.99, 2.01);
    }

    [Fact]
    public void Retarget_is_clamped_to_four_times_per_step()
    {
        var harder = (double)Retargeting.InitialTarget.ToBigInteger() / (double)TargetAfterOneWindow(1).ToBigInteger();
        Assert.InRange(harder, 3.99, 4.01);
        var easier = (double)TargetAfterOneWindow(100_000).ToBigInteger() / (double)Retargeting.InitialTarget.ToBigInteger();
        Assert.InRange(easier, 3.99, 4.01);
    }

    [Fact]
    public void No_single_timestamp_can_swing_the_retarget_by_more_than_two_block_intervals()
    {
        // The dev timing: 250 ms blocks, retarget every 10, a block may claim up to 15 s after the validator's clock.
        var network = NetworkParameters.Dev;
        var interval = (ulong)network.RetargetInterval;
        var next = 3 * interval;
        var honest = Spaced(network, next, network.TargetBlockTimeMs);
        var expected = DifficultyAdjustment.NextTarget(network, next, h => honest[(int)h]).ToBigInteger();
        // Each header the retarget reads, pushed as far as a miner could push it either way.
        for (var h = next - interval - (ulong)network.MedianTimeSpan; h < next; h++)
        {
            foreach (var shift in new[] { network.MaxFutureDriftMs, -(long)(h * (ulong)network.TargetBlockTimeMs) })
            {
                var forged = honest.ToList();
                forged[(int)h] = forged[(int)h] with { Timestamp = forged[(int)h].Timestamp + shift };
                var target = DifficultyAdjustment.NextTarget(network, next, i => forged[(int)i]).ToBigInteger();
                var factor = (double)BigInteger.Max(target, expected) / (double)BigInteger.Min(target, expected);
                Assert.True(factor <= (interval + 2.0) / interval, $"header {h} moved by {shift} ms swings the target by {factor:0.###}");
            }
        }

        // Measured between raw timestamps, one block stamped 15 s ahead would have eased the target fourfold.
        Assert.True(network.MaxFutureDriftMs > 4 * (long)interval * network.TargetBlockTimeMs);
    }

    private static List<BlockHeader> Spaced(NetworkParameters network, ulong count, long spacingMs)
    {
        var headers = new List<BlockHeader> { Genesis.Create(network).Header };
        for (var h = 1UL; h < count; h++) headers.Add(headers[^1] with { Height = h, Timestamp = headers[^1].Timestamp + spacingMs });
        return headers;
    }

    [Fact]
    public void Retarget_never_exceeds_the_pow_limit()
    {
        var network = Retargeting with { PowLimit = Retargeting.InitialTarget };
        var headers = new List<BlockHeader> { Genesis.Create(network).Header };
        for (var h = 1UL; h < 4; h++) headers.Add(headers[^1] with { Height = h, Timestamp = headers[^1].Timestamp + 100_000 });
        Assert.Equal(network.PowLimit, DifficultyAdjustment.NextTarget(network, 4, h => headers[(int)h]));
    }

    [Fact]
    public void Between_retargets_the_target_is_unchanged()
    {
        var network = Retargeting;
        var genesis = Genesis.Create(network).Header;
        Assert.Equal(network.InitialTarget, DifficultyAdjustment.NextTarget(network, 1, _ => genesis));
    }

    [Fact]
    public void A_chain_retargets_and_enforces_the_new_target()
    {
        var chain = new TestChain(Retargeting);
        for (var i = 0; i < 4; i++) chain.Extend();
        Assert.Equal(Retargeting.InitialTarget, chain.Chain.NextTarget);
        for (var i = 0; i < 3; i++) chain.Extend();
        Assert.Equal(Retargeting.InitialTarget, chain.Chain.TipHeader.Target);
    }

    [Fact]
    public void Median_time_past_is_the_median_of_the_last_eleven()
    {
        var chain = new TestChain();
        for (var i = 0; i < 12; i++) chain.Extend();
        var last = chain.Chain.Blocks.TakeLast(11).Select(b => b.Header.Timestamp).Order().ToList();
        Assert.Equal(last[5], chain.Chain.MedianTimePast);
    }
}
