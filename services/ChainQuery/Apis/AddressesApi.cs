using AspireChain.ChainQuery.Options;
using AspireChain.ChainQuery.Storage;
using AspireChain.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AspireChain.ChainQuery.Apis;

/// <summary>Accounts: balance, next nonce and paged history of confirmed transfers.</summary>
public static class AddressesApi
{
    /// <summary>Maps <c>/addresses/{address}</c>.</summary>
    public static IEndpointRouteBuilder MapAddressesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/addresses/{address}", GetAddress).WithName("GetAddress")
            .WithSummary("An address's balance, next nonce and paged transfer history (newest first).")
            .WithTags("Addresses")
            .WithProblems(ChainQueryProblemRules.MalformedAddress);
        return app;
    }

    /// <summary>The account at <paramref name="address"/> (zero balance when never seen), or 400 for a malformed address.</summary>
    public static Results<Ok<AddressDetails>, ProblemHttpResult> GetAddress(
        string address, ReadModelQueries queries, IOptions<ChainQueryOptions> options, int? page, int? pageSize)
    {
        if (!Address.TryParse(address, out _))
        {
            return TypedResults.Problem(Problems.BadIdentifier("address", address, "an address is 40 hex digits"));
        }

        var account = queries.Account(address);
        var history = queries.History(address, PageRequest.From(page, pageSize, options.Value.MaxPageSize));
        return TypedResults.Ok(new AddressDetails(account.Address, account.Balance, account.Nonce, account.TransactionCount, history));
    }
}
