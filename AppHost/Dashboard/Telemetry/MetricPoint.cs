namespace AspireChain.AppHost.Dashboard.Telemetry;

/// <summary>One metric data point received over OTLP; histograms keep their sum and count.</summary>
/// <param name="Kind">gauge | sum | histogram.</param>
/// <param name="IsCumulative">True when the value counts from <paramref name="StartTime"/> (OTel .NET's default), false for delta points.</param>
/// <param name="Value">The number for gauges and sums, the sum of recorded values for histograms.</param>
/// <param name="Count">The number of recorded values for histograms, else null.</param>
public sealed record MetricPoint(
    string ServiceName,
    string ServiceInstanceId,
    string Scope,
    string Name,
    string Unit,
    string Kind,
    bool IsMonotonic,
    bool IsCumulative,
    DateTimeOffset StartTime,
    DateTimeOffset Timestamp,
    double Value,
    ulong? Count,
    IReadOnlyDictionary<string, string> Attributes);
