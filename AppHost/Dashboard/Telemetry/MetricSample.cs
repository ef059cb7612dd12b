namespace AspireChain.AppHost.Dashboard.Telemetry;

/// <summary>One point of a chart: a time and a value.</summary>
public sealed record MetricSample(DateTimeOffset Time, double Value);
