namespace AspireChain.AppHost.Dashboard.Telemetry;

/// <summary>One row of the traces list: what a trace is (its root), who took part and how long it took.</summary>
public sealed record TraceSummary(
    string TraceId,
    string RootName,
    string RootService,
    IReadOnlyList<string> Services,
    int SpanCount,
    DateTimeOffset Start,
    double DurationMs,
    bool HasError);
