using AspireChain.ChainQuery.Storage;
using AspireChain.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AspireChain.ChainQuery.Apis;

/// <summary>Where a transaction stands: pending, confirmed (with confirmations) or rejected (with the reason).</summary>
public static class TransactionsApi
{
    /// <summary>Maps <c>/transactions/{id}</c> (the URL TransactionIngest puts in its <c>Location</c> header).</summary>
    public static IEndpointRouteBuilder MapTransactionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/transactions/{id}", GetTransaction).WithName("GetTransaction")
            .WithSummary("A transaction's status: pending, confirmed with height and confirmations, or rejected with a reason.")
            .WithTags("Transactions")
            .WithProblems(ChainQueryProblemRules.MalformedTransactionId, ChainQueryProblemRules.TransactionNotFound);
        return app;
    }

    /// <summary>The status of transaction <paramref name="id"/>, 400 for a malformed id, or 404 if never seen.</summary>
    public static Results<Ok<TransactionStatus>, ProblemHttpResult> GetTransaction(string id, ReadModelQueries queries)
    {
        if (!Hash256.TryParse(id, out _))
        {
            return TypedResults.Problem(Problems.BadIdentifier("transaction-id", id, "a transaction id is 64 hex digits"));
        }

        return queries.Transaction(id) is { } status
            ? TypedResults.Ok(status)
            : TypedResults.Problem(Problems.NotFound("transaction", $"Transaction {id} has not been seen on any topic ChainQuery follows."));
    }
}
