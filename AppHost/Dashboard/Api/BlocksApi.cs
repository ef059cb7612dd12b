using AspireChain.AppHost.Dashboard.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace AspireChain.AppHost.Dashboard.Api;

/// <summary>The block-lifecycle surface: one row per candidate block, built from its spans.</summary>
internal static class BlocksApi
{
    public static void MapBlocksApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/blocks", GetBlocks);

    private static Ok<IReadOnlyList<BlockLifecycle>> GetBlocks(TelemetryStore telemetry, int limit = 200) =>
        TypedResults.Ok(BlockLifecycleView.Build(telemetry, Math.Clamp(limit, 1, 2000)));
}
