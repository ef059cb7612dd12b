using AspireChain.AppHost.Dashboard.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace AspireChain.AppHost.Dashboard.Api;

/// <summary>The metrics surface: the chain's four key series, the list of received instruments, and any one of them as a series.</summary>
internal static class MetricsApi
{
    public static void MapMetricsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/metrics");
        api.MapGet("/summary", GetSummary);
        api.MapGet("/", GetInstruments);
        api.MapGet("/{name}", GetSeries);
    }

    private static Ok<ChainMetricsSummary> GetSummary(TelemetryStore telemetry, int seconds = 300, double bucket = 2) =>
        TypedResults.Ok(ChainMetricsView.Build(
            telemetry,
            DateTimeOffset.UtcNow,
            TimeSpan.FromSeconds(Math.Clamp(seconds, 10, 3600)),
            TimeSpan.FromSeconds(Math.Clamp(bucket, 0.5, 60))));

    private static Ok<IReadOnlyList<MetricInstrument>> GetInstruments(TelemetryStore telemetry) =>
        TypedResults.Ok(telemetry.GetMetricInstruments());

    private static Results<Ok<MetricSeries>, NotFound> GetSeries(TelemetryStore telemetry, string name, int seconds = 300, double bucket = 2)
    {
        var window = TimeSpan.FromSeconds(Math.Clamp(seconds, 10, 3600));
        var width = TimeSpan.FromSeconds(Math.Clamp(bucket, 0.5, 60));
        var timeline = new MetricTimeline(DateTimeOffset.UtcNow, width, Math.Max(1, (int)Math.Ceiling(window / width)));
        var points = telemetry.GetMetricPoints(name, timeline.Start - width);
        if (points.Count == 0)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(new MetricSeries(name, points[^1].Unit, "metric " + name, timeline.Aggregate(points)));
    }
}
