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
    /// <summary>Maps <c>/chain</c>, <c>/chain/verify</c> (POST starts a run, GET reads it), <c>/chain/faults</c>, <c>/stats</c> and the follower's <c>/following</c>.</summary>
    public static IEndpointRouteBuilder MapChainApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/chain", GetChain).WithName("GetChain").WithSummary("The chain, newest block first, paged.").WithTags("Chain");
        app.MapPost("/chain/verify", StartVerification).WithName("StartChainVerification")
            .WithSummary("Starts re-validating the stored chain with the Ledger's rules, or returns the run already going.")
            .WithDescription("Answers 202 with the run and its Location. One run at a time: while one runs, every request gets that run. "
                + "`full=true` ignores the checkpoint of the last valid run and checks from genesis (or the snapshot joined from); "
                + "`signaturesPerSecond` paces the run (0: no limit; default `ChainQuery:VerificationSignaturesPerSecond`). "
                + "Outside Development it needs the operator token as `Authorization: Bearer <token>`.")
            .WithTags("Chain").AddEndpointFilter<OperatorAccess>()
            .WithProblems(ChainQueryProblemRules.MalformedSignaturesPerSecond, ChainQueryProblemRules.OperatorTokenRequired, ChainQueryProblemRules.OperatorTokenNotConfigured);
        app.MapGet("/chain/verify", GetLatestVerification).WithName("GetChainVerification")
            .WithSummary("The verification run going now, else the last one: state, progress, verdict.").WithTags("Chain")
            .WithProblems(ChainQueryProblemRules.VerificationNotFound);
        app.MapGet("/chain/verify/{id:long}", GetVerification).WithName("GetChainVerificationRun")
            .WithSummary("One verification run (the newest runs are kept).").WithTags("Chain")
            .WithProblems(ChainQueryProblemRules.VerificationNotFound);
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

    /// <summary>Starts a verification run (the seed's <c>valid_chain</c>, as an operation) or returns the one running: 202 with its Location.</summary>
    public static Results<Accepted<ChainVerificationRun>, ProblemHttpResult> StartVerification(VerificationRuns runs, bool? full, int? signaturesPerSecond)
    {
        if (signaturesPerSecond is < 0)
        {
            return TypedResults.Problem(Problems.BadIdentifier(
                "signatures-per-second", signaturesPerSecond.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "a pace is 0 (no limit) or a positive number of transfer signatures per second"));
        }

        var (run, _) = runs.Start(new VerificationRequest(full ?? false, signaturesPerSecond));
        return TypedResults.Accepted(RunPath(run.Id), run);
    }

    /// <summary>The running verification, else the newest kept one; 404 when none ever ran.</summary>
    public static Results<Ok<ChainVerificationRun>, ProblemHttpResult> GetLatestVerification(VerificationRuns runs) =>
        runs.Latest() is { } run
            ? TypedResults.Ok(run)
            : TypedResults.Problem(Problems.NotFound("verification", "No verification has run yet: POST /chain/verify starts one."));

    /// <summary>Verification run <paramref name="id"/>, or 404.</summary>
    public static Results<Ok<ChainVerificationRun>, ProblemHttpResult> GetVerification(long id, VerificationRuns runs) =>
        runs.Find(id) is { } run
            ? TypedResults.Ok(run)
            : TypedResults.Problem(Problems.NotFound("verification", $"No verification run {id} is kept (the newest {VerificationStore.RunsKept} are)."));

    /// <summary>Where run <paramref name="id"/> is read.</summary>
    public static string RunPath(long id) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"/chain/verify/{id}");

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
