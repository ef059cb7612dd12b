using AspireChain.AppHost.Dashboard.Otlp.Proto.Collector.Logs;
using AspireChain.AppHost.Dashboard.Telemetry;
using Grpc.Core;

namespace AspireChain.AppHost.Dashboard.Otlp;

/// <summary>OTLP/gRPC <c>LogsService.Export</c>: structured logs from every service.</summary>
internal sealed class OtlpLogsReceiver(TelemetryStore telemetry) : LogsService.LogsServiceBase
{
    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        telemetry.AddLogs(OtlpLogDecoder.Decode(request));
        return Task.FromResult(new ExportLogsServiceResponse());
    }
}
