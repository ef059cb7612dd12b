using Microsoft.AspNetCore.Mvc;

namespace AspireChain.ChainQuery.Apis;

/// <summary>The RFC 9457 problem documents ChainQuery answers with, so every endpoint words them the same way.</summary>
public static class Problems
{
    /// <summary>Base of the problem type URIs.</summary>
    public const string TypeBase = "https://aspirechain.dev/problems/";

    /// <summary>404 for an unknown block, transaction or address.</summary>
    public static ProblemDetails NotFound(string what, string detail) => new()
    {
        Type = TypeBase + $"{what}-not-found",
        Title = $"The {what} is not known to ChainQuery.",
        Status = StatusCodes.Status404NotFound,
        Detail = detail,
        Extensions = { ["rule"] = $"{what}-not-found" },
    };

    /// <summary>401 for an operator operation without the operator's bearer token, or with another one.</summary>
    public static ProblemDetails OperatorTokenRequired(string detail) => new()
    {
        Type = TypeBase + "operator-token-required",
        Title = "This operation needs the operator token.",
        Status = StatusCodes.Status401Unauthorized,
        Detail = detail,
        Extensions = { ["rule"] = "operator-token-required" },
    };

    /// <summary>403 for an operator operation outside Development while no operator token is configured.</summary>
    public static ProblemDetails OperatorTokenNotConfigured() => new()
    {
        Type = TypeBase + "operator-token-not-configured",
        Title = "Operator operations are disabled until an operator token is configured.",
        Status = StatusCodes.Status403Forbidden,
        Detail = "Outside Development, operator operations need ChainQuery:OperatorToken (environment variable ChainQuery__OperatorToken); "
            + "none is configured, so they are disabled. Configure one and send it as 'Authorization: Bearer <token>'.",
        Extensions = { ["rule"] = "operator-token-not-configured" },
    };

    /// <summary>400 for a path parameter that is not a well-formed identifier.</summary>
    public static ProblemDetails BadIdentifier(string field, string value, string rule)
    {
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [rule] })
        {
            Type = TypeBase + $"malformed-{field}",
            Title = $"The {field} is malformed.",
            Status = StatusCodes.Status400BadRequest,
            Detail = $"'{value}' is not a valid {field}: {rule}.",
            Extensions = { ["rule"] = $"malformed-{field}" },
        };
    }
}
