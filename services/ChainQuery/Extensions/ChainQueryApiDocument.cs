using AspireChain.ChainQuery.Apis;

namespace AspireChain.ChainQuery.Extensions;

/// <summary>ChainQuery's OpenAPI document: its title, what it serves and every problem rule it answers with.</summary>
public static class ChainQueryApiDocument
{
    /// <summary>Registers the <c>/openapi/v1.json</c> document.</summary>
    public static IHostApplicationBuilder AddChainQueryApiDocument(this IHostApplicationBuilder builder) =>
        builder.AddApiDocument(
            "AspireChain ChainQuery",
            "The read model of the AspireChain chain, built from the Kafka topics `blocks`, `transactions` and `rejections`: "
            + "blocks, transaction status, accounts, chain statistics, a live block stream and the network parameters. "
            + "Amounts are base units. The block explorer page (`/explorer`) is not part of this description.",
            ChainQueryProblemRules.All);
}
