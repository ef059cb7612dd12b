using AspireChain.Following;
using AspireChain.Validator.Consumers;
using AspireChain.Validator.Snapshots;
using AspireChain.Validator.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using AspireChain.Validator.AppliedBlocks;

namespace AspireChain.Validator.Apis;

/// <summary>The Validator's HTTP surface: <c>GET /validator</c> (its chain, stored offsets, whether it judges) and <c>GET /following</c>.</summary>
public static class ValidatorApi
{
    /// <summary>Maps the Validator endpoints.</summary>
    public static IEndpointRouteBuilder MapValidatorApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/validator", GetStatus)
            .WithName("GetValidatorStatus")
            .WithSummary("Tip, stored offsets and whether this replica is the active one.");
        app.MapFollowing();
        return app;
    }

    internal static Ok<ValidatorStatus> GetStatus(
        FollowedChain chain, BlockStore store, CandidatesCursor cursor, CandidateValidation validation, SnapshotPublisher snapshots, CandidateJudge judge)
    {
        var (height, hash) = chain.Tip;
        return TypedResults.Ok(new ValidatorStatus(
            height, hash.ToString(), cursor.Next, store.ReadCursor(BlockStore.BlocksCursor) ?? 0, validation.IsActive, validation.NotActiveReason,
            snapshots.Last, judge.SignaturesVerified, judge.SignaturesRemembered));
    }
}
