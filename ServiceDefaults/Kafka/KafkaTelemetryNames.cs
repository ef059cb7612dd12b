namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>
/// The names the Kafka layer reports under: its activity source and meter (under the services' shared prefix), its
/// client metrics and their attributes as OpenTelemetry's messaging conventions name them (so any backend's messaging
/// charts know them; Kafka-only figures under <c>messaging.kafka.*</c>), and the two record counts of our own.
/// </summary>
public static class KafkaTelemetryNames
{
    /// <summary>The source of the <c>send</c>/<c>process</c> spans and the meter of the client statistics.</summary>
    public const string Source = "aspirechain.kafka";

    /// <summary>Counter (<c>{message}</c>): messages a producer sent to brokers (OpenTelemetry messaging).</summary>
    public const string SentMessages = "messaging.client.sent.messages";

    /// <summary>Counter (<c>{message}</c>): messages a consumer received from brokers (OpenTelemetry messaging).</summary>
    public const string ConsumedMessages = "messaging.client.consumed.messages";

    /// <summary>Gauge (<c>{message}</c>): messages between a consumer's position and the high watermark, summed over its partitions.</summary>
    public const string ConsumerLag = "messaging.kafka.consumer.lag";

    /// <summary>Gauge (<c>{message}</c>): messages waiting in a client's queues.</summary>
    public const string QueuedMessages = "messaging.kafka.client.queued.messages";

    /// <summary>Histogram (<c>s</c>): a broker's average round-trip time per statistics window.</summary>
    public const string BrokerRoundTrip = "messaging.kafka.broker.rtt";

    /// <summary>Counter (<c>{record}</c>): records a consumer read but could not parse and stepped over, by topic.</summary>
    public const string RecordsUnreadable = "aspirechain.kafka.records.unreadable";

    /// <summary>Counter (<c>{record}</c>): records retention removed before the group read them, by topic.</summary>
    public const string RecordsLost = "aspirechain.kafka.records.lost";

    /// <summary>Attribute: the messaging system, always <c>kafka</c>.</summary>
    public const string System = "messaging.system";

    /// <summary>Attribute: the Kafka client id a client statistic belongs to.</summary>
    public const string ClientId = "messaging.client.id";

    /// <summary>Attribute: producer or consumer.</summary>
    public const string ClientType = "messaging.kafka.client.type";

    /// <summary>Attribute: the broker a round-trip time was measured to.</summary>
    public const string Broker = "messaging.kafka.broker";

    /// <summary>The W3C trace context header (<c>00-traceid-spanid-flags</c>).</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>The W3C vendor trace state header.</summary>
    public const string TraceStateHeader = "tracestate";

    /// <summary>The W3C baggage header.</summary>
    public const string BaggageHeader = "baggage";
}
