using AspireChain.AppHost.Dashboard.Otlp.Proto.Collector.Metrics;
using AspireChain.AppHost.Dashboard.Telemetry;
using Grpc.Core;

namespace AspireChain.AppHost.Dashboard.Otlp;

/// <summary>OTLP/gRPC <c>MetricsService.Export</c>: metric points from every service.</summary>
internal sealed class OtlpMetricsReceiver(TelemetryStore telemetry) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        telemetry.AddMetricPoints(OtlpMetricDecoder.Decode(request));
        return Task.FromResult(new ExportMetricsServiceResponse());
    }
}
