using AspireChain.Validator.Chain;
using AspireChain.Validator.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AspireChain.Validator.Apis;

/// <summary>The Validator's HTTP surface: <c>GET /validator</c>, what its chain and stored offsets are.</summary>
public static class ValidatorApi
{
    /// <summary>Maps the Validator endpoints.</summary>
    public static IEndpointRouteBuilder MapValidatorApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/validator", GetStatus)
            .WithName("GetValidatorStatus")
            .WithSummary("Tip, stored offsets and whether this replica is the active one.");
        return app;
    }

    internal static Ok<ValidatorStatus> GetStatus(ValidatorChain chain, CandidateValidation validation)
    {
        var (height, hash) = chain.Tip;
        return TypedResults.Ok(new ValidatorStatus(height, hash.ToString(), chain.NextCandidateOffset, chain.NextBlocksOffset, validation.IsActive));
    }
}
