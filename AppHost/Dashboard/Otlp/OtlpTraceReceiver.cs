using AspireChain.AppHost.Dashboard.Otlp.Proto.Collector.Trace;
using AspireChain.AppHost.Dashboard.Telemetry;
using Grpc.Core;

namespace AspireChain.AppHost.Dashboard.Otlp;

/// <summary>OTLP/gRPC <c>TraceService.Export</c>: what every service's OTel exporter calls with its spans.</summary>
internal sealed class OtlpTraceReceiver(TelemetryStore telemetry) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        telemetry.AddSpans(OtlpSpanDecoder.Decode(request));
        return Task.FromResult(new ExportTraceServiceResponse());
    }
}
