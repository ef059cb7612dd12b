namespace AspireChain.AppHost.Dashboard.Telemetry;

/// <summary>The four live charts of the Metrics page: hash rate, transactions per second, chain height and stale rate.</summary>
public sealed record ChainMetricsSummary(
    DateTimeOffset From,
    DateTimeOffset To,
    double BucketSeconds,
    MetricSeries HashRate,
    MetricSeries Tps,
    MetricSeries Height,
    MetricSeries StaleRate);
