using AspireChain.TransactionIngest.Admission;

namespace AspireChain.TransactionIngest.Extensions;

/// <summary>TransactionIngest's OpenAPI document: its title, what it does and every problem rule it answers with.</summary>
public static class IngestApiDocument
{
    /// <summary>Registers the <c>/openapi/v1.json</c> document.</summary>
    public static IHostApplicationBuilder AddIngestApiDocument(this IHostApplicationBuilder builder) =>
        builder.AddApiDocument(
            "AspireChain TransactionIngest",
            "Accepts signed AspireChain transactions over HTTP and appends them to the Kafka topic `transactions`. "
            + "Amounts are base units; a transaction's status is then read from ChainQuery's `/transactions/{id}`.",
            IngestProblems.Catalog);
}
