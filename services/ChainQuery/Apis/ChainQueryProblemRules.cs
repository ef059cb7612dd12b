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

    /// <summary>All of them, sorted by code.</summary>
    public static IReadOnlyList<ProblemRule> All { get; } =
        [.. new[] { BlockNotFound, TransactionNotFound, MalformedAddress, MalformedHash, MalformedTransactionId }.OrderBy(r => r.Code, StringComparer.Ordinal)];
}
