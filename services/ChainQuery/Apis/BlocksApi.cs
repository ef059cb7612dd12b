using AspireChain.ChainQuery.Storage;
using AspireChain.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AspireChain.ChainQuery.Apis;

/// <summary>Single blocks, addressed by height or by hash.</summary>
public static class BlocksApi
{
    /// <summary>Maps <c>/blocks/{height:long}</c> and <c>/blocks/{hash}</c>.</summary>
    public static IEndpointRouteBuilder MapBlocksApi(this IEndpointRouteBuilder app)
    {
        // A hash is 64 characters, a height at most 19 digits: the length keeps an all-digit hash off the height route.
        app.MapGet("/blocks/{height:long:maxlength(19)}", GetByHeight).WithName("GetBlockByHeight").WithSummary("The block at a height.")
            .WithTags("Blocks").WithProblems(ChainQueryProblemRules.BlockNotFound);
        app.MapGet("/blocks/{hash}", GetByHash).WithName("GetBlockByHash").WithSummary("The block with a hash (64 hex digits).")
            .WithTags("Blocks")
            .WithProblems(ChainQueryProblemRules.MalformedHash, ChainQueryProblemRules.BlockNotFound);
        return app;
    }

    /// <summary>The block at <paramref name="height"/>, or 404.</summary>
    public static Results<Ok<BlockDetails>, ProblemHttpResult> GetByHeight(long height, ReadModelQueries queries) =>
        queries.BlockAt(height) is { } block
            ? TypedResults.Ok(BlockDetails.From(block, queries.TipHeight()))
            : TypedResults.Problem(Problems.NotFound("block", queries.SnapshotHeight() is { } joined && height > 0 && height <= joined
                ? $"Block {height} is not held locally: this node joined from the snapshot at height {joined} (history from {joined + 1})."
                : $"No block at height {height}; the tip is at {queries.TipHeight()}."));

    /// <summary>The block with <paramref name="hash"/>, 400 for a malformed hash, or 404.</summary>
    public static Results<Ok<BlockDetails>, ProblemHttpResult> GetByHash(string hash, ReadModelQueries queries)
    {
        if (!Hash256.TryParse(hash, out _))
        {
            return TypedResults.Problem(Problems.BadIdentifier("hash", hash, "a block hash is 64 hex digits"));
        }

        return queries.BlockWithHash(hash) is { } block
            ? TypedResults.Ok(BlockDetails.From(block, queries.TipHeight()))
            : TypedResults.Problem(Problems.NotFound("block", $"No stored block has hash {hash}."));
    }
}
