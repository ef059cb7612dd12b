using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>
/// Trace propagation through Kafka (Confluent.Kafka has no instrumentation of its own): Producer-kind
/// <c>send</c> spans that inject W3C context into headers, Consumer-kind <c>process</c> spans parented on it.
/// </summary>
public static class KafkaTracing
{
    /// <summary>The <see cref="ActivitySource"/> name of the Kafka spans.</summary>
    public const string ActivitySourceName = KafkaTelemetryNames.Source;

    /// <summary>The source of <c>send</c> and <c>process</c> spans.</summary>
    public static ActivitySource Source { get; } = new(ActivitySourceName);

    // Explicit W3C propagators: the global default is a no-op until an OpenTelemetry SDK is built.
    private static readonly TextMapPropagator Propagator =
        new CompositeTextMapPropagator([new TraceContextPropagator(), new BaggagePropagator()]);

    /// <summary>
    /// Starts a Producer span <c>send {topic}</c> (child of <see cref="Activity.Current"/>) and injects the
    /// trace context and baggage into <paramref name="message"/>'s headers. The caller ends the span.
    /// Headers are injected even when nobody samples the span, so the trace still continues downstream.
    /// </summary>
    public static Activity? StartSendActivity(string topic, Message<string, byte[]> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var activity = Source.StartActivity($"send {topic}", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.destination.name", topic);
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.operation.name", "send");
            if (message.Key is not null)
            {
                activity.SetTag("messaging.kafka.message.key", message.Key);
            }

            if (message.Value is not null)
            {
                activity.SetTag("messaging.message.body.size", message.Value.Length);
            }
        }

        Inject(activity?.Context ?? Activity.Current?.Context ?? default, message);
        return activity;
    }

    /// <summary>Adds what the broker acknowledged (partition, offset) to a send span.</summary>
    public static void RecordDelivery(Activity? activity, TopicPartitionOffset delivered)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("messaging.destination.partition.id", delivered.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        activity.SetTag("messaging.kafka.offset", delivered.Offset.Value);
    }

    /// <summary>Marks a send or process span as failed.</summary>
    public static void RecordError(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag("error.type", exception is KafkaException kafka ? kafka.Error.Code.ToString() : exception.GetType().FullName);
        activity.AddException(exception);
    }

    /// <summary>Writes <paramref name="context"/> and the current baggage into the message headers, replacing any previous trace headers.</summary>
    public static void Inject(ActivityContext context, Message<string, byte[]> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Headers ??= [];
        message.Headers.Remove(KafkaTelemetryNames.TraceParentHeader);
        message.Headers.Remove(KafkaTelemetryNames.TraceStateHeader);
        message.Headers.Remove(KafkaTelemetryNames.BaggageHeader);
        Propagator.Inject(
            new PropagationContext(context, Baggage.Current),
            message.Headers,
            static (headers, name, value) => headers.Add(name, Encoding.UTF8.GetBytes(value)));
    }

    /// <summary>Longest trace header value read (the W3C baggage limit); a longer one is ignored, as is a null one.</summary>
    public const int MaxHeaderValueBytes = 8192;

    /// <summary>Reads the W3C trace context and baggage from message headers (default when absent, null, oversize or garbage).</summary>
    public static PropagationContext Extract(Headers? headers) =>
        headers is null
            ? default
            : Propagator.Extract(default, headers, static (h, name) =>
                h.TryGetLastBytes(name, out var bytes) && bytes is { Length: <= MaxHeaderValueBytes } ? [Encoding.UTF8.GetString(bytes)] : []);

    /// <summary>The producer's span context carried by a message, for span links (e.g. a block linking its transactions).</summary>
    public static ActivityContext ExtractActivityContext(Headers? headers) => Extract(headers).ActivityContext;

    /// <summary>
    /// Starts a Consumer span <c>process {topic}</c> parented on the producer's context from the headers, and makes
    /// the carried baggage current. The caller ends the span when it has processed the message.
    /// </summary>
    /// <param name="result">The consumed message.</param>
    /// <param name="consumerGroup">The consumer group, recorded as <c>messaging.consumer.group.name</c>.</param>
    /// <param name="source">The service's own source, when the span belongs to it; <see cref="Source"/> otherwise.</param>
    public static Activity? StartProcessActivity(ConsumeResult<string, byte[]> result, string? consumerGroup = null, ActivitySource? source = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var propagated = Extract(result.Message?.Headers);
        Baggage.Current = propagated.Baggage;
        var activity = (source ?? Source).StartActivity($"process {result.Topic}", ActivityKind.Consumer, propagated.ActivityContext);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.destination.name", result.Topic);
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.operation.name", "process");
            activity.SetTag("messaging.destination.partition.id", result.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", result.Offset.Value);
            if (result.Message?.Key is not null)
            {
                activity.SetTag("messaging.kafka.message.key", result.Message.Key);
            }

            if (consumerGroup is not null)
            {
                activity.SetTag("messaging.consumer.group.name", consumerGroup);
            }
        }

        return activity;
    }
}
