namespace AspireChain.Ledger;

/// <summary>The JSON wire form of a block (Kafka <c>candidates</c> and <c>blocks</c> values, the query API).</summary>
public sealed record BlockJson
{
    /// <summary>Header hash, 64 hex digits; optional on input, checked when present.</summary>
    public string? Hash { get; init; }

    /// <summary>The header.</summary>
    public required BlockHeaderJson Header { get; init; }

    /// <summary>Coinbase first, then transfers.</summary>
    public required IReadOnlyList<TransactionJson> Transactions { get; init; }
}
