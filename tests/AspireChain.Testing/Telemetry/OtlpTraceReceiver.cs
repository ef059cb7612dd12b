using AspireChain.Testing.Telemetry.Proto.Collector.Trace;
using Grpc.Core;

namespace AspireChain.Testing.Telemetry;

/// <summary>OTLP/gRPC <c>TraceService.Export</c>: what every service's OTel exporter calls with its spans.</summary>
internal sealed class OtlpTraceReceiver(SpanStore spans) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        spans.Add(OtlpSpanDecoder.Decode(request));
        return Task.FromResult(new ExportTraceServiceResponse());
    }
}
