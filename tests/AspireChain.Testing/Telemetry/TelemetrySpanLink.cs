namespace AspireChain.Testing.Telemetry;

/// <summary>A span link: how a block's span points at the traces of the transactions it includes.</summary>
public sealed record TelemetrySpanLink(string TraceId, string SpanId, IReadOnlyDictionary<string, string> Attributes);
