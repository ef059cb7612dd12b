using AspireChain.SystemBench.Soak;

namespace AspireChain.SystemBench.Tests;

/// <summary>The soak's latency histogram: fixed size, percentiles at most 2 % high, the maximum exact.</summary>
public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_are_within_two_percent_of_the_nearest_rank()
    {
        var histogram = new LatencyHistogram();
        for (var ms = 1; ms <= 10_000; ms++)
        {
            histogram.Add(ms);
        }

        var summary = histogram.Summary();

        Assert.Equal(10_000, summary.Count);
        Assert.InRange(summary.P50, 5_000, 5_000 * 1.02);
        Assert.InRange(summary.P95, 9_500, 9_500 * 1.02);
        Assert.InRange(summary.P99, 9_900, 9_900 * 1.02);
        Assert.Equal(10_000, summary.Max);
    }

    [Fact]
    public void Empty_reads_as_zeros_and_a_single_latency_as_itself()
    {
        var histogram = new LatencyHistogram();
        Assert.Equal(0, histogram.Summary().Count);

        histogram.Add(123.456);

        var summary = histogram.Summary();
        Assert.Equal(123.456, summary.P50, 3);
        Assert.Equal(123.456, summary.Max, 3);
    }

    [Fact]
    public void Tiny_negative_and_huge_latencies_are_counted_not_lost()
    {
        var histogram = new LatencyHistogram();
        histogram.Add(-3);
        histogram.Add(0.01);
        histogram.Add(1e12);

        var summary = histogram.Summary();

        Assert.Equal(3, summary.Count);
        Assert.Equal(1e12, summary.Max);
    }

    [Fact]
    public void Adds_from_many_threads_are_all_counted()
    {
        var histogram = new LatencyHistogram();

        Parallel.For(0, 100_000, i => histogram.Add(i % 500));

        Assert.Equal(100_000, histogram.Count);
    }
}
