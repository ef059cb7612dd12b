using AspireChain.ServiceDefaults.OpenApi;

namespace AspireChain.ChainQuery.Apis;

/// <summary>Every <c>rule</c> value of the problems in <see cref="Problems"/>, for the OpenAPI document and each endpoint's responses.</summary>
public static class ChainQueryProblemRules
{
    /// <summary><c>block-not-found</c>: no stored block at that height or with that hash.</summary>
    public static ProblemRule BlockNotFound { get; } = new("block-not-found", "The block is not known to ChainQuery.", [StatusCodes.Status404NotFound], Validation: false);

    /// <summary><c>transaction-not-found</c>: the id was never seen on a followed topic.</summary>
    public static ProblemRule TransactionNotFound { get; } = new("transaction-not-found", "The transaction is not known to ChainQuery.", [StatusCodes.Status404NotFound], Validation: false);

    /// <summary><c>malformed-address</c>: not 40 hex digits.</summary>
    public static ProblemRule MalformedAddress { get; } = new("malformed-address", "The address is malformed.", [StatusCodes.Status400BadRequest], Validation: true);

    /// <summary><c>malformed-hash</c>: a block hash that is not 64 hex digits.</summary>
    public static ProblemRule MalformedHash { get; } = new("malformed-hash", "The hash is malformed.", [StatusCodes.Status400BadRequest], Validation: true);

    /// <summary><c>malformed-transaction-id</c>: a transaction id that is not 64 hex digits.</summary>
    public static ProblemRule MalformedTransactionId { get; } = new("malformed-transaction-id", "The transaction-id is malformed.", [StatusCodes.Status400BadRequest], Validation: true);

    /// <summary><c>verification-not-found</c>: no verification run ever ran, or not that one (only the newest are kept).</summary>
    public static ProblemRule VerificationNotFound { get; } = new("verification-not-found", "The verification is not known to ChainQuery.", [StatusCodes.Status404NotFound], Validation: false);

    /// <summary><c>malformed-signatures-per-second</c>: a verification pace that is negative.</summary>
    public static ProblemRule MalformedSignaturesPerSecond { get; } = new("malformed-signatures-per-second", "The signatures-per-second is malformed.", [StatusCodes.Status400BadRequest], Validation: true);

    /// <summary><c>operator-token-required</c>: an operator operation without the operator's bearer token, or with another.</summary>
    public static ProblemRule OperatorTokenRequired { get; } = new("operator-token-required", "This operation needs the operator token.", [StatusCodes.Status401Unauthorized], Validation: false);

    /// <summary><c>operator-token-not-configured</c>: outside Development, operator operations stay disabled until a token is configured.</summary>
    public static ProblemRule OperatorTokenNotConfigured { get; } = new("operator-token-not-configured", "Operator operations are disabled until an operator token is configured.", [StatusCodes.Status403Forbidden], Validation: false);

    /// <summary>All of them, sorted by code.</summary>
    public static IReadOnlyList<ProblemRule> All { get; } =
        [.. new[]
        {
            BlockNotFound, TransactionNotFound, MalformedAddress, MalformedHash, MalformedTransactionId, VerificationNotFound,
            MalformedSignaturesPerSecond, OperatorTokenRequired, OperatorTokenNotConfigured,
        }.OrderBy(r => r.Code, StringComparer.Ordinal)];
}
