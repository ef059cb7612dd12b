using AspireChain.SystemBench.Report;

namespace AspireChain.SystemBench.Soak;

/// <summary>
/// Latencies counted into fixed logarithmic buckets (each 2 % wider than the last, from 0.1 ms to about 3 days), so a
/// run of any length keeps the same few kilobytes whatever the number of transfers; a percentile is read as its
/// bucket's upper edge (at most 2 % high). Safe to add to from several threads.
/// </summary>
public sealed class LatencyHistogram
{
    private const double SmallestMs = 0.1;
    private const double Growth = 1.02;
    private const int BucketCount = 1100;
    private static readonly double LogGrowth = Math.Log(Growth);
    private readonly long[] _counts = new long[BucketCount];
    private long _count;
    private long _maxMicroseconds;

    /// <summary>Latencies counted.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Counts one latency, in milliseconds (negative counts as 0).</summary>
    public void Add(double milliseconds)
    {
        var value = Math.Max(0, milliseconds);
        Interlocked.Increment(ref _counts[BucketOf(value)]);
        Interlocked.Increment(ref _count);
        var micros = (long)(value * 1000);
        for (var seen = Interlocked.Read(ref _maxMicroseconds); micros > seen; seen = Interlocked.Read(ref _maxMicroseconds))
        {
            if (Interlocked.CompareExchange(ref _maxMicroseconds, micros, seen) == seen)
            {
                break;
            }
        }
    }

    /// <summary>Nearest-rank p50/p95/p99 (bucket upper edges, never above the maximum) and the exact maximum.</summary>
    public LatencySummary Summary()
    {
        var counts = (long[])_counts.Clone();
        var total = counts.Sum();
        var max = Interlocked.Read(ref _maxMicroseconds) / 1000.0;
        if (total == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0);
        }

        return new LatencySummary((int)Math.Min(total, int.MaxValue), Percentile(counts, total, 0.50, max), Percentile(counts, total, 0.95, max), Percentile(counts, total, 0.99, max), max);
    }

    /// <summary>The bucket of a latency: 0 holds everything up to 0.1 ms, the last everything beyond the range.</summary>
    private static int BucketOf(double milliseconds) =>
        milliseconds <= SmallestMs ? 0 : Math.Min(BucketCount - 1, (int)Math.Ceiling(Math.Log(milliseconds / SmallestMs) / LogGrowth));

    /// <summary>The largest latency bucket <paramref name="bucket"/> holds.</summary>
    private static double UpperEdge(int bucket) => SmallestMs * Math.Pow(Growth, bucket);

    private static double Percentile(long[] counts, long total, double p, double max)
    {
        var rank = Math.Max(1, (long)Math.Ceiling(p * total));
        var seen = 0L;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperEdge(i), max);
            }
        }

        return max;
    }
}
