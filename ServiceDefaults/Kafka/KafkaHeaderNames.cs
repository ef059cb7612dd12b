namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>Kafka header names we read or write, kept in one place (W3C trace context and baggage).</summary>
public static class KafkaHeaderNames
{
    /// <summary>W3C trace context parent (<c>00-traceid-spanid-flags</c>).</summary>
    public const string TraceParent = "traceparent";

    /// <summary>W3C vendor trace state.</summary>
    public const string TraceState = "tracestate";

    /// <summary>W3C baggage.</summary>
    public const string Baggage = "baggage";
}
