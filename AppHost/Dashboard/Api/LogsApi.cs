using AspireChain.AppHost.Dashboard.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace AspireChain.AppHost.Dashboard.Api;

/// <summary>The structured logs surface: OTLP log records, tailed by sequence number.</summary>
internal static class LogsApi
{
    public static void MapLogsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/logs", GetLogs);

    private static Ok<IReadOnlyList<TelemetryLogRecord>> GetLogs(TelemetryStore telemetry, string? service = null, long after = 0, int limit = 500) =>
        TypedResults.Ok(telemetry.GetLogs(service, after, Math.Clamp(limit, 1, 5000)));
}
