namespace AspireChain.Testing.Telemetry;

/// <summary>A timestamped event inside a span (exceptions, retries), shown in the span details.</summary>
public sealed record TelemetrySpanEvent(string Name, DateTimeOffset Timestamp, IReadOnlyDictionary<string, string> Attributes);
