using AspireChain.Miner.Following;
using AspireChain.Miner.Mining;
using AspireChain.Miner.Options;
using AspireChain.Miner.Pool;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AspireChain.Miner.Apis;

/// <summary>The miner's HTTP surface: <c>POST /mine</c> (the seed's on-demand mining) and <c>GET /miner</c> (what it is doing).</summary>
public static class MinerApi
{
    private static readonly TimeSpan ForcedMiningTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Maps the miner endpoints.</summary>
    public static IEndpointRouteBuilder MapMinerApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/mine", MineNowAsync)
            .WithName("MineNow")
            .WithSummary("Cuts a block now (even an empty one), mines it and returns the published candidate.");
        app.MapGet("/miner", GetStatus)
            .WithName("GetMinerStatus")
            .WithSummary("The replica's identity, tip, mempool and owned partitions.");
        return app;
    }

    internal static async Task<Results<Ok<MinedCandidate>, ProblemHttpResult>> MineNowAsync(MiningSignal signal, CancellationToken cancellationToken)
    {
        try
        {
            var block = await signal.ForceAsync().WaitAsync(ForcedMiningTimeout, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new MinedCandidate(block.Height, block.Hash.ToString(), block.Transactions.Count - 1, block.Header.Nonce));
        }
        catch (TimeoutException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status504GatewayTimeout,
                title: "No block was mined in time",
                detail: $"No candidate was published within {ForcedMiningTimeout.TotalSeconds:0} s.");
        }
    }

    internal static Ok<MinerStatus> GetStatus(FollowedChain chain, PartitionedMempool pool, IOptions<MinerOptions> options)
    {
        var (height, hash) = chain.Read(c => (c.Height, c.TipHash.ToString()));
        return TypedResults.Ok(new MinerStatus(
            MinerIdentity.InstanceId(options.Value),
            MinerIdentity.RewardAddress(options.Value).ToString(),
            height,
            hash,
            pool.Count,
            pool.Partitions));
    }
}
