namespace AspireChain.AppHost.Dashboard.Telemetry;

/// <summary>One structured log record received over OTLP, with its service and trace correlation.</summary>
/// <param name="Sequence">Arrival order in the store, so a page can ask for what came after the last one it saw.</param>
public sealed record TelemetryLogRecord(
    long Sequence,
    DateTimeOffset Timestamp,
    string ServiceName,
    string ServiceInstanceId,
    string Category,
    int SeverityNumber,
    string Severity,
    string Message,
    string? TraceId,
    string? SpanId,
    IReadOnlyDictionary<string, string> Attributes);
