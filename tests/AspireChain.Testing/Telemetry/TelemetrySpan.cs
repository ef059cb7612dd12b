namespace AspireChain.Testing.Telemetry;

/// <summary>One span received over OTLP, flattened with the resource it came from so it can be shown and queried alone.</summary>
/// <param name="Kind">internal | server | client | producer | consumer | unspecified.</param>
/// <param name="Status">unset | ok | error.</param>
public sealed record TelemetrySpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    string ServiceName,
    string ServiceInstanceId,
    string Scope,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Status,
    string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<TelemetrySpanLink> Links,
    IReadOnlyList<TelemetrySpanEvent> Events)
{
    /// <summary>Duration in milliseconds, fractional, because most spans here are shorter than a millisecond's worth of ticks suggests.</summary>
    public double DurationMs => (End - Start).TotalMilliseconds;

    /// <summary>The attribute's value, or null when the span does not carry it.</summary>
    public string? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : null;
}
