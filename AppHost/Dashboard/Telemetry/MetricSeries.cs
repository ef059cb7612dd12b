namespace AspireChain.AppHost.Dashboard.Telemetry;

/// <summary>A chartable time series and where its numbers came from (a metric name, or the spans it was derived from).</summary>
public sealed record MetricSeries(string Name, string Unit, string Source, IReadOnlyList<MetricSample> Samples);
