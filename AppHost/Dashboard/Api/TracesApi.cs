using AspireChain.AppHost.Dashboard.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace AspireChain.AppHost.Dashboard.Api;

/// <summary>The traces surface: recent trace summaries and one trace's spans for the waterfall.</summary>
internal static class TracesApi
{
    public static void MapTracesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/traces", GetTraces);
        api.MapGet("/traces/{traceId}", GetTrace);
        api.MapGet("/services", (TelemetryStore telemetry) => TypedResults.Ok(telemetry.GetServices()));
    }

    private static Ok<IReadOnlyList<TraceSummary>> GetTraces(TelemetryStore telemetry, string? service = null, int limit = 100) =>
        TypedResults.Ok(telemetry.GetTraces(service, Math.Clamp(limit, 1, 1000)));

    private static Results<Ok<IReadOnlyList<TelemetrySpan>>, NotFound> GetTrace(TelemetryStore telemetry, string traceId)
    {
        var spans = telemetry.GetTrace(traceId);
        return spans.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(spans);
    }
}
