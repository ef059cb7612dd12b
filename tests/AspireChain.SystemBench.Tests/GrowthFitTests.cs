using AspireChain.SystemBench.Soak;

namespace AspireChain.SystemBench.Tests;

/// <summary>The soak's verdict: a least-squares slope of memory against confirmed transfers past the warm-up, held to a bound.</summary>
public sealed class GrowthFitTests
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    [Fact]
    public void The_slope_of_points_on_a_line_is_its_gradient() =>
        Assert.Equal(750, GrowthFit.Slope([(0, 1000), (10, 8500), (20, 16000), (30, 23500)])!.Value, 6);

    [Fact]
    public void There_is_no_slope_from_one_point_or_from_points_at_one_x()
    {
        Assert.Null(GrowthFit.Slope([(5, 1)]));
        Assert.Null(GrowthFit.Slope([(5, 1), (5, 9), (5, 4)]));
    }

    [Fact]
    public void A_process_that_keeps_750_bytes_per_transfer_grows_and_one_that_steps_a_megabyte_once_is_flat()
    {
        // 100,000 transfers: a single 1 MiB step (a GC region committed) is ~10 B/transfer, far under 64.
        var samples = SoakSamples.Of(100_000, 5_000,
            ("miner-a", x => 40_000_000 + 750 * x),
            ("ingest-b", x => x < 50_000 ? 30_000_000 : 31_048_576));
        var fitted = GrowthFit.PastWarmup(samples, SoakWarmup.Default, samples[^1].ElapsedSeconds);

        var growth = GrowthFit.Memory(samples, fitted, 64, None);

        var miner = growth.Single(g => g.Name == "miner-a");
        Assert.Equal(MemoryGrowth.GrowsVerdict, miner.Verdict);
        Assert.Equal(750, miner.AnonBytesPerTransfer!.Value, 3);
        var ingest = growth.Single(g => g.Name == "ingest-b");
        Assert.Equal(MemoryGrowth.FlatVerdict, ingest.Verdict);
        Assert.InRange(ingest.AnonBytesPerTransfer!.Value, 0, 64);
    }

    [Fact]
    public void The_warm_up_is_left_out_of_the_fit()
    {
        // Fast growth during the first 20 % (JIT, pools filling), then flat: flat.
        var samples = SoakSamples.Of(100_000, 5_000, ("validator-a", x => x < 20_000 ? 30_000_000 + 2_000 * x : 70_000_000));
        var fitted = GrowthFit.PastWarmup(samples, SoakWarmup.Default, samples[^1].ElapsedSeconds);

        var growth = Assert.Single(GrowthFit.Memory(samples, fitted, 64, None));

        Assert.Equal(MemoryGrowth.FlatVerdict, growth.Verdict);
        Assert.Equal(0, growth.AnonBytesPerTransfer!.Value, 6);
        Assert.Equal(70_000_000, growth.WarmupAnonBytes);
        Assert.Equal(samples.Count - 4, growth.FittedSamples);
    }

    [Fact]
    public void A_warm_up_given_in_transfers_starts_the_fit_at_that_many()
    {
        var samples = SoakSamples.Of(100_000, 5_000, ("chainquery-a", x => 1_000));

        var fitted = GrowthFit.PastWarmup(samples, new SoakWarmup(null, 90_000), samples[^1].ElapsedSeconds);

        Assert.Equal([90_000L, 95_000L, 100_000L], fitted.Select(s => s.Transfers));
    }

    [Fact]
    public void Too_few_samples_past_the_warm_up_cannot_be_called_flat()
    {
        var samples = SoakSamples.Of(10_000, 5_000, ("miner-a", x => 1_000));
        var fitted = GrowthFit.PastWarmup(samples, SoakWarmup.Default, samples[^1].ElapsedSeconds);

        var growth = Assert.Single(GrowthFit.Memory(samples, fitted, 64, None));

        Assert.Equal(MemoryGrowth.TooFewSamplesVerdict, growth.Verdict);
    }

    [Fact]
    public void An_unjudged_process_is_shown_with_its_slope_but_no_verdict()
    {
        var samples = SoakSamples.Of(100_000, 5_000, ("apphost", x => 100 * x));
        var fitted = GrowthFit.PastWarmup(samples, SoakWarmup.Default, samples[^1].ElapsedSeconds);

        var growth = Assert.Single(GrowthFit.Memory(samples, fitted, 64, new HashSet<string> { "apphost" }));

        Assert.False(growth.Judged);
        Assert.Equal(MemoryGrowth.NotJudgedVerdict, growth.Verdict);
        Assert.Equal(100, growth.AnonBytesPerTransfer!.Value, 6);
    }

    [Fact]
    public void A_store_grows_by_its_bytes_per_confirmed_transfer()
    {
        var samples = SoakSamples.Of(100_000, 5_000, ("miner-a", x => 1_000));
        var fitted = GrowthFit.PastWarmup(samples, SoakWarmup.Default, samples[^1].ElapsedSeconds);

        var store = Assert.Single(GrowthFit.Disk(samples, fitted));

        Assert.Equal(("miner-a", "miner.db"), (store.Instance, store.Store));
        Assert.Equal(4096, store.StartBytes);
        Assert.Equal(200, store.BytesPerTransfer!.Value, 6);
        Assert.Equal(200, store.SlopeAfterWarmup!.Value, 6);
    }
}
