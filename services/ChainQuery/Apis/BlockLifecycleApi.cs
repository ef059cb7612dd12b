using AspireChain.ChainQuery.Options;
using AspireChain.ChainQuery.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AspireChain.ChainQuery.Apis;

/// <summary>The block lifecycle view: per mined block its times, miner, work and the candidates that lost at its height.</summary>
public static class BlockLifecycleApi
{
    /// <summary>Maps <c>/blocks/lifecycle</c> and <c>/blocks/{height}/lifecycle</c>.</summary>
    public static IEndpointRouteBuilder MapBlockLifecycleApi(this IEndpointRouteBuilder app)
    {
        // The literal segment outranks /blocks/{hash}, so "lifecycle" is never taken for a hash.
        app.MapGet("/blocks/lifecycle", GetLifecycle).WithName("GetBlockLifecycle")
            .WithSummary("Mined, validated, committed and applied times, miner, hash rate and lost candidates of the newest blocks.")
            .WithTags("Blocks");
        app.MapGet("/blocks/{height:long:maxlength(19)}/lifecycle", GetLifecycleAt).WithName("GetBlockLifecycleAtHeight")
            .WithSummary("The lifecycle of the block at a height.")
            .WithTags("Blocks")
            .WithProblems(ChainQueryProblemRules.BlockNotFound);
        return app;
    }

    /// <summary>The newest <paramref name="limit"/> blocks (default 20, at most <c>MaxPageSize</c>), at or below <paramref name="before"/> when given, newest first.</summary>
    public static Ok<IReadOnlyList<BlockLifecycle>> GetLifecycle(ReadModelQueries queries, IOptions<ChainQueryOptions> options, int? limit, long? before)
    {
        var count = Math.Clamp(limit ?? PageRequest.DefaultPageSize, 1, Math.Max(1, options.Value.MaxPageSize));
        return TypedResults.Ok<IReadOnlyList<BlockLifecycle>>([.. queries.Lifecycle(count, before).Select(row => BlockLifecycle.From(row.Block, row.Rejected))]);
    }

    /// <summary>The lifecycle of the block at <paramref name="height"/>, or 404 (genesis has none: it is not mined).</summary>
    public static Results<Ok<BlockLifecycle>, ProblemHttpResult> GetLifecycleAt(long height, ReadModelQueries queries)
    {
        var rows = height > 0 ? queries.Lifecycle(1, height) : [];
        return rows.Count == 1 && rows[0].Block.Height == height
            ? TypedResults.Ok(BlockLifecycle.From(rows[0].Block, rows[0].Rejected))
            : TypedResults.Problem(Problems.NotFound("block", $"No mined block at height {height}; the tip is at {queries.TipHeight()}."));
    }
}
