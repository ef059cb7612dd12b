namespace AspireChain.ChainQuery.Apis;

/// <summary>What this service's OpenAPI document says about itself: its title and what it serves.</summary>
internal static class ChainQueryApiDocument
{
    /// <summary>The document's title.</summary>
    public const string Title = "AspireChain ChainQuery";

    /// <summary>The document's description (the problem rules are appended to it).</summary>
    public const string Description =
        "The read model of the AspireChain chain, built from the Kafka topics `blocks`, `transactions` and `rejections`: "
        + "blocks, transaction status, accounts, chain statistics, a live block stream and the network parameters. "
        + "Amounts are base units. Verifying the stored chain is an operation: `POST /chain/verify` starts a run (outside "
        + "Development it needs the operator token as `Authorization: Bearer <token>`), `GET /chain/verify` reads it. "
        + "The block explorer page (`/explorer`) is not part of this description.";
}
