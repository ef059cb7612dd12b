using AspireChain.ChainQuery.Options;
using AspireChain.ChainQuery.Storage;
using AspireChain.Following;
using AspireChain.ChainQuery.Verification;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AspireChain.ChainQuery.Apis;

/// <summary>The chain as a whole: the paged listing, chain-wide statistics and full re-validation.</summary>
public static class ChainApi
{
    /// <summary>Maps <c>/chain</c>, <c>/chain/verify</c>, <c>/chain/faults</c>, <c>/stats</c> and the follower's <c>/following</c>.</summary>
    public static IEndpointRouteBuilder MapChainApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/chain", GetChain).WithName("GetChain").WithSummary("The chain, newest block first, paged.").WithTags("Chain");
        app.MapGet("/chain/verify", VerifyChain).WithName("VerifyChain").WithSummary("Re-validates every stored block with the Ledger's rules.").WithTags("Chain");
        app.MapGet("/chain/faults", GetFaults).WithName("GetChainFaults").WithSummary("Blocks refused, gaps and lost offsets met while following the chain, newest first.").WithTags("Chain");
        app.MapGet("/stats", GetStats).WithName("GetStats").WithSummary("Height, throughput, hash-rate estimate, difficulty and stale rate.").WithTags("Chain");
        app.MapFollowing();
        return app;
    }

    /// <summary>One page of block summaries, newest first.</summary>
    public static Ok<Page<BlockSummary>> GetChain(ReadModelQueries queries, IOptions<ChainQueryOptions> options, int? page, int? pageSize) =>
        TypedResults.Ok(queries.Chain(PageRequest.From(page, pageSize, options.Value.MaxPageSize)));

    /// <summary>The most recent faults met while following <c>blocks</c> (refused or conflicting records, a gap, a lost offset).</summary>
    public static Ok<IReadOnlyList<FollowFault>> GetFaults(BlockStore store) => TypedResults.Ok(store.Faults(100));

    /// <summary>Full re-validation of the stored chain (the seed's <c>valid_chain</c>).</summary>
    public static Ok<ChainVerification> VerifyChain(StoredChainVerifier verifier, CancellationToken cancellationToken) =>
        TypedResults.Ok(verifier.Verify(cancellationToken));

    /// <summary>Chain-wide figures derived from the recent block window.</summary>
    public static Ok<ChainStats> GetStats(ReadModelQueries queries, IOptions<ChainQueryOptions> options)
    {
        var figures = queries.Figures(options.Value.StatsWindowBlocks);
        var recent = figures.RecentBlocks;
        var rates = ChainRates.Over(recent);

        var mined = Math.Max(0, figures.TipHeight);
        var staleRate = figures.StaleBlocks + mined == 0 ? 0 : (double)figures.StaleBlocks / (figures.StaleBlocks + mined);
        var difficulty = recent.Count > 0 ? recent[^1].Difficulty : 0;
        return TypedResults.Ok(new ChainStats(
            figures.TipHeight, figures.ConfirmedTransactions, figures.PendingTransactions, figures.RejectedTransactions,
            rates.TransactionsPerSecond, rates.AverageBlockSeconds, rates.HashRate, difficulty, figures.StaleBlocks, staleRate, figures.RejectedBlocks,
            queries.SnapshotHeight() is { } joined ? joined + 1 : null));
    }
}
