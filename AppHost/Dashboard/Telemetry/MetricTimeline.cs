namespace AspireChain.AppHost.Dashboard.Telemetry;

/// <summary>
/// Turns raw points into fixed buckets over a window: gauges become the sum over instances of each one's latest value,
/// counters (monotonic sums, histogram counts) become a per-second rate summed over instances. Charts poll this.
/// </summary>
public sealed class MetricTimeline
{
    /// <summary>Creates a timeline of <paramref name="bucketCount"/> buckets ending at <paramref name="end"/>.</summary>
    public MetricTimeline(DateTimeOffset end, TimeSpan bucket, int bucketCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bucket, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketCount, 1);
        Bucket = bucket;
        BucketCount = bucketCount;
        Start = end - (bucket * bucketCount);
    }

    /// <summary>Start of the first bucket.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Width of one bucket.</summary>
    public TimeSpan Bucket { get; }

    /// <summary>How many buckets the window holds.</summary>
    public int BucketCount { get; }

    /// <summary>The bucket a time falls in, or -1 outside the window.</summary>
    public int IndexOf(DateTimeOffset time)
    {
        var index = (int)Math.Floor((time - Start) / Bucket);
        return index >= 0 && index < BucketCount ? index : -1;
    }

    /// <summary>End time of a bucket: the sample's x value.</summary>
    public DateTimeOffset TimeOf(int index) => Start + (Bucket * (index + 1));

    /// <summary>Aggregates one metric's points, choosing gauge or rate semantics from their kind.</summary>
    public IReadOnlyList<MetricSample> Aggregate(IReadOnlyList<MetricPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return [];
        }

        var isCounter = points[0].Kind == "histogram" || (points[0].Kind == "sum" && points[0].IsMonotonic);
        return isCounter ? Rate(points) : LatestSum(points);
    }

    /// <summary>Values already meant as "per bucket" events (e.g. transactions in blocks), spread over a trailing window as a per-second rate.</summary>
    public IReadOnlyList<MetricSample> TrailingRate(IEnumerable<(DateTimeOffset Time, double Amount)> events, TimeSpan window)
    {
        var totals = new double[BucketCount];
        foreach (var (time, amount) in events)
        {
            var first = IndexOf(time);
            if (first < 0 && time < Start)
            {
                first = (int)Math.Floor((time - Start) / Bucket);
            }
            else if (first < 0)
            {
                continue;
            }

            // An event counts in every bucket whose trailing window covers it.
            var last = Math.Min(BucketCount - 1, first + Math.Max(1, (int)Math.Ceiling(window / Bucket)) - 1);
            for (var index = Math.Max(0, first); index <= last; index++)
            {
                totals[index] += amount;
            }
        }

        return [.. totals.Select((total, index) => new MetricSample(TimeOf(index), total / window.TotalSeconds))];
    }

    private List<MetricSample> LatestSum(IReadOnlyList<MetricPoint> points)
    {
        var perSeries = points.GroupBy(SeriesKey).Select(series => series.OrderBy(point => point.Timestamp).ToList()).ToList();
        var samples = new List<MetricSample>();
        var stale = TimeSpan.FromSeconds(Math.Max(10, Bucket.TotalSeconds * 3));
        for (var index = 0; index < BucketCount; index++)
        {
            var at = TimeOf(index);
            double total = 0;
            var any = false;
            foreach (var series in perSeries)
            {
                // The latest value each instance reported by this bucket's end, unless it went quiet (stopped replica).
                var latest = series.LastOrDefault(point => point.Timestamp <= at);
                if (latest is not null && at - latest.Timestamp <= stale)
                {
                    total += latest.Value;
                    any = true;
                }
            }

            if (any)
            {
                samples.Add(new MetricSample(at, total));
            }
        }

        return samples;
    }

    private List<MetricSample> Rate(IReadOnlyList<MetricPoint> points)
    {
        var totals = new double[BucketCount];
        var seen = new bool[BucketCount];
        foreach (var series in points.GroupBy(SeriesKey))
        {
            // Per series and bucket: increase over elapsed time, so two exports landing in one bucket average, not add.
            var increases = new double[BucketCount];
            var elapsed = new double[BucketCount];
            MetricPoint? previous = null;
            foreach (var point in series.OrderBy(point => point.Timestamp))
            {
                var amount = point.Count is { } count ? count : point.Value;
                double increase, seconds;
                if (!point.IsCumulative)
                {
                    increase = amount;
                    seconds = (point.Timestamp - point.StartTime).TotalSeconds;
                }
                else if (previous is null || point.StartTime != previous.StartTime)
                {
                    // First point of a (re)started process: nothing to difference against.
                    previous = point;
                    continue;
                }
                else
                {
                    increase = Math.Max(0, amount - (previous.Count is { } previousCount ? previousCount : previous.Value));
                    seconds = (point.Timestamp - previous.Timestamp).TotalSeconds;
                }

                previous = point;
                var index = IndexOf(point.Timestamp);
                if (index >= 0 && seconds > 0)
                {
                    increases[index] += increase;
                    elapsed[index] += seconds;
                }
            }

            for (var index = 0; index < BucketCount; index++)
            {
                if (elapsed[index] > 0)
                {
                    totals[index] += increases[index] / elapsed[index];
                    seen[index] = true;
                }
            }
        }

        return [.. Enumerable.Range(0, BucketCount).Where(index => seen[index]).Select(index => new MetricSample(TimeOf(index), totals[index]))];
    }

    private static string SeriesKey(MetricPoint point) =>
        point.ServiceInstanceId + "|" + string.Join(",", point.Attributes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Key + "=" + pair.Value));
}
