namespace AspireChain.TransactionIngest.Apis;

/// <summary>What this service's OpenAPI document says about itself: its title and what it serves.</summary>
internal static class IngestApiDocument
{
    /// <summary>The document's title.</summary>
    public const string Title = "AspireChain TransactionIngest";

    /// <summary>The document's description (the problem rules are appended to it).</summary>
    public const string Description =
        "Accepts signed AspireChain transactions over HTTP and appends them to the Kafka topic `transactions`. "
        + "Amounts are base units; a transaction's status is then read from ChainQuery's `/transactions/{id}`.";
}
