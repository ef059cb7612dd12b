using System.Globalization;

namespace AspireChain.AppHost.Dashboard.Telemetry;

/// <summary>
/// Builds <see cref="ChainMetricsSummary"/>: from the services' metrics when a matching instrument arrived, otherwise
/// derived from block spans, so the charts work with whatever telemetry the services send.
/// </summary>
public static class ChainMetricsView
{
    private static readonly TimeSpan TrailingWindow = TimeSpan.FromSeconds(10);

    /// <summary>Summarises the last <paramref name="window"/> in buckets of <paramref name="bucket"/>.</summary>
    public static ChainMetricsSummary Build(TelemetryStore telemetry, DateTimeOffset now, TimeSpan window, TimeSpan bucket)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        var bucketCount = Math.Max(1, (int)Math.Ceiling(window / bucket));
        var timeline = new MetricTimeline(now, bucket, bucketCount);
        var names = telemetry.GetMetricNames();
        var blocks = BlockLifecycleView.Build(telemetry, int.MaxValue, timeline.Start - TrailingWindow);

        return new ChainMetricsSummary(
            timeline.Start,
            now,
            bucket.TotalSeconds,
            HashRate(telemetry, names, timeline),
            Tps(telemetry, names, timeline, blocks),
            Height(telemetry, names, timeline),
            StaleRate(timeline, blocks));
    }

    private static MetricSeries HashRate(TelemetryStore telemetry, IReadOnlyList<string> names, MetricTimeline timeline)
    {
        var metric = names.FirstOrDefault(name => Matches(name, "hash_rate") || Matches(name, "hashrate") || Matches(name, "hash.rate"))
            ?? names.FirstOrDefault(name => Matches(name, "miner") && (Matches(name, "attempts") || Matches(name, "hashes")));
        if (metric is not null)
        {
            return new MetricSeries("hash rate", "H/s", "metric " + metric, timeline.Aggregate(telemetry.GetMetricPoints(metric, timeline.Start - timeline.Bucket)));
        }

        // Fallback: each block.mine span reports the miner's rate; sum the latest per miner replica.
        var points = telemetry.FindSpans(span => span.Name == ChainTelemetryNames.MineSpan)
            .Select(span => (span, rate: ChainTelemetryNames.First(span, ChainTelemetryNames.HashRate)))
            .Where(pair => pair.rate is not null && double.TryParse(pair.rate, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .Select(pair => new MetricPoint(pair.span.ServiceName, pair.span.ServiceInstanceId, string.Empty, "hash rate", "H/s", "gauge", false, false,
                pair.span.Start, pair.span.End, double.Parse(pair.rate!, CultureInfo.InvariantCulture), null, new Dictionary<string, string>()))
            .ToList();
        return new MetricSeries("hash rate", "H/s", "spans " + ChainTelemetryNames.MineSpan, timeline.Aggregate(points));
    }

    private static MetricSeries Tps(TelemetryStore telemetry, IReadOnlyList<string> names, MetricTimeline timeline, IReadOnlyList<BlockLifecycle> blocks)
    {
        var metric = names.FirstOrDefault(name => Matches(name, "transactions") && (Matches(name, "confirmed") || Matches(name, "applied")));
        if (metric is not null)
        {
            return new MetricSeries("tps", "tx/s", "metric " + metric, timeline.Aggregate(telemetry.GetMetricPoints(metric, timeline.Start - timeline.Bucket)));
        }

        var confirmed = blocks
            .Where(block => block.Outcome == "accepted" && block.TxCount is not null && (block.ConfirmedAt ?? block.CommittedAt) is not null)
            .Select(block => ((block.ConfirmedAt ?? block.CommittedAt)!.Value, (double)block.TxCount!.Value));
        return new MetricSeries("tps", "tx/s", "spans (transactions in accepted blocks, 10 s window)", timeline.TrailingRate(confirmed, TrailingWindow));
    }

    private static MetricSeries Height(TelemetryStore telemetry, IReadOnlyList<string> names, MetricTimeline timeline)
    {
        var metric = names.FirstOrDefault(name => Matches(name, "height"));
        var points = metric is not null
            ? telemetry.GetMetricPoints(metric, timeline.Start - timeline.Bucket).Select(point => (point.Timestamp, point.Value)).ToList()
            : telemetry.FindSpans(span => span.Name is ChainTelemetryNames.CommitSpan or ChainTelemetryNames.ApplySpan)
                .Select(span => (span.End, height: ChainTelemetryNames.First(span, ChainTelemetryNames.Height)))
                .Where(pair => long.TryParse(pair.height, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                .Select(pair => (pair.End, (double)long.Parse(pair.height!, CultureInfo.InvariantCulture)))
                .ToList();

        // Height only grows: each bucket shows the highest height reported up to its end.
        var samples = new List<MetricSample>();
        var ordered = points.OrderBy(point => point.Item1).ToList();
        double? highest = null;
        var next = 0;
        for (var index = 0; index < timeline.BucketCount; index++)
        {
            var at = timeline.TimeOf(index);
            while (next < ordered.Count && ordered[next].Item1 <= at)
            {
                highest = Math.Max(highest ?? double.MinValue, ordered[next].Item2);
                next++;
            }

            if (highest is not null)
            {
                samples.Add(new MetricSample(at, highest.Value));
            }
        }

        return new MetricSeries("height", "blocks", metric is not null ? "metric " + metric : "spans block.commit / block.apply", samples);
    }

    private static MetricSeries StaleRate(MetricTimeline timeline, IReadOnlyList<BlockLifecycle> blocks)
    {
        // Share of validated candidates that lost the race, over a trailing window.
        var decided = blocks.Where(block => block.Outcome is "accepted" or "stale" && (block.ValidatedAt ?? block.CommittedAt) is not null).ToList();
        var stale = timeline.TrailingRate(decided.Where(block => block.Outcome == "stale").Select(block => ((block.ValidatedAt ?? block.CommittedAt)!.Value, 1d)), TrailingWindow);
        var all = timeline.TrailingRate(decided.Select(block => ((block.ValidatedAt ?? block.CommittedAt)!.Value, 1d)), TrailingWindow);
        var samples = all
            .Select((sample, index) => sample.Value > 0 ? new MetricSample(sample.Time, stale[index].Value / sample.Value) : null)
            .OfType<MetricSample>()
            .ToList();
        return new MetricSeries("stale rate", "ratio", "spans block.validate (10 s window)", samples);
    }

    private static bool Matches(string name, string part) => name.Contains(part, StringComparison.OrdinalIgnoreCase);
}
