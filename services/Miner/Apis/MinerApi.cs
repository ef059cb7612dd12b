using AspireChain.Contracts.Telemetry;
using AspireChain.Following;
using AspireChain.Miner.Mining;
using AspireChain.Miner.Options;
using AspireChain.Miner.Producers;
using AspireChain.Miner.State;
using AspireChain.ServiceDefaults.Kafka;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using AspireChain.Miner.Identity;

namespace AspireChain.Miner.Apis;

/// <summary>
/// The miner's HTTP surface: <c>POST /mine</c> (on-demand mining; a JSON request, with the operator token when one is set,
/// see <see cref="OperatorRequestFilter"/>), <c>GET /miner</c> (what it is doing) and <c>GET /following</c>.
/// </summary>
public static class MinerApi
{
    private static readonly TimeSpan ForcedMiningTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Maps the miner endpoints.</summary>
    public static IEndpointRouteBuilder MapMinerApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/mine", MineNowAsync)
            .AddEndpointFilter<OperatorRequestFilter>()
            .WithName("MineNow")
            .WithSummary("Cuts a block now (even an empty one) with the same template and rules as timed mining, mines it and returns the published candidate.");
        app.MapGet("/miner", GetStatus)
            .WithName("GetMinerStatus")
            .WithSummary("The replica's identity, tip, mempool and owned partitions.");
        app.MapFollowing();
        return app;
    }

    internal static async Task<Results<Ok<MinedCandidate>, ProblemHttpResult>> MineNowAsync(MiningSignal signal, FollowerStatus following, CancellationToken cancellationToken)
    {
        // The same rules as timed mining: never on a chain that is behind or stopped at a gap.
        if (following.Halted is { } halted)
        {
            return Unavailable($"Following blocks stopped ({halted}): a block mined now would not extend the chain.");
        }

        try
        {
            // Like the timed loop, a forced block waits until blocks was read to its end: one mined before would be stale.
            var started = TimeProvider.System.GetTimestamp();
            await following.CaughtUp.WaitAsync(ForcedMiningTimeout, cancellationToken).ConfigureAwait(false);
            var left = ForcedMiningTimeout - TimeProvider.System.GetElapsedTime(started);
            var block = await signal.ForceAsync().WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new MinedCandidate(block.Height, block.Hash.ToString(), block.Transactions.Count - 1, block.Header.Nonce));
        }
        catch (TimeoutException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status504GatewayTimeout,
                title: "No block was mined in time",
                detail: $"No candidate was published within {ForcedMiningTimeout.TotalSeconds:0} s.");
        }
        catch (InvalidOperationException e)
        {
            return Unavailable(e.Message);
        }
    }

    internal static Ok<MinerStatus> GetStatus(MinerState state, RejectionOutbox rejections, SignatureChecks signatures, UnreadableRecords unreadable, IOptions<MinerOptions> options)
    {
        var (height, hash) = state.Tip;
        return TypedResults.Ok(new MinerStatus(
            MinerIdentity.InstanceId(options.Value),
            MinerIdentity.RewardAddress(options.Value).ToString(),
            height,
            hash.ToString(),
            state.Unsettled,
            state.Partitions,
            state.Held,
            rejections.Waiting,
            signatures.Attested,
            signatures.Verified,
            unreadable.Total));
    }

    private static ProblemHttpResult Unavailable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Cannot mine now", detail: detail);
}
