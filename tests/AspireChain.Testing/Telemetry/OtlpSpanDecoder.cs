using AspireChain.Testing.Telemetry.Proto.Collector.Trace;
using AspireChain.Testing.Telemetry.Proto.Trace;

namespace AspireChain.Testing.Telemetry;

/// <summary>Turns an OTLP trace export into stored spans, each carrying its service name and instance.</summary>
internal static class OtlpSpanDecoder
{
    public static List<TelemetrySpan> Decode(ExportTraceServiceRequest request)
    {
        var result = new List<TelemetrySpan>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var (service, instance) = OtlpValues.Service(resourceSpans.Resource);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scope = scopeSpans.Scope?.Name ?? string.Empty;
                foreach (var span in scopeSpans.Spans)
                {
                    var traceId = OtlpValues.Id(span.TraceId);
                    var spanId = OtlpValues.Id(span.SpanId);
                    if (traceId is null || spanId is null)
                    {
                        continue; // Not addressable, so not showable: drop rather than invent ids.
                    }

                    result.Add(new TelemetrySpan(
                        traceId,
                        spanId,
                        OtlpValues.Id(span.ParentSpanId),
                        span.Name,
                        KindName(span.Kind),
                        service,
                        instance,
                        scope,
                        OtlpValues.Time(span.StartTimeUnixNano),
                        OtlpValues.Time(Math.Max(span.EndTimeUnixNano, span.StartTimeUnixNano)),
                        StatusName(span.Status),
                        string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
                        OtlpValues.Attributes(span.Attributes),
                        [.. span.Links
                            .Where(link => OtlpValues.Id(link.TraceId) is not null)
                            .Select(link => new TelemetrySpanLink(OtlpValues.Id(link.TraceId)!, OtlpValues.Id(link.SpanId) ?? string.Empty, OtlpValues.Attributes(link.Attributes)))],
                        [.. span.Events.Select(spanEvent => new TelemetrySpanEvent(spanEvent.Name, OtlpValues.Time(spanEvent.TimeUnixNano), OtlpValues.Attributes(spanEvent.Attributes)))]));
                }
            }
        }

        return result;
    }

    private static string KindName(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Internal => "internal",
        Span.Types.SpanKind.Server => "server",
        Span.Types.SpanKind.Client => "client",
        Span.Types.SpanKind.Producer => "producer",
        Span.Types.SpanKind.Consumer => "consumer",
        _ => "unspecified",
    };

    private static string StatusName(Status? status) => status?.Code switch
    {
        Status.Types.StatusCode.Ok => "ok",
        Status.Types.StatusCode.Error => "error",
        _ => "unset",
    };
}
