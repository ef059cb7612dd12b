namespace AspireChain.Ledger;

/// <summary>The JSON wire form of a transaction (Kafka <c>transactions</c> values, the ingest and query APIs); hex for bytes, numbers for amounts.</summary>
public sealed record TransactionJson
{
    /// <summary>Id (SHA-256 of the signed bytes); optional on input, checked when present.</summary>
    public string? Id { get; init; }

    /// <summary><c>transfer</c> (default) or <c>coinbase</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>Network id.</summary>
    public required uint ChainId { get; init; }

    /// <summary>Sender public key, 130 hex digits (absent for coinbase).</summary>
    public string? From { get; init; }

    /// <summary>Recipient address, 40 hex digits.</summary>
    public required string To { get; init; }

    /// <summary>Smallest units moved.</summary>
    public required ulong Amount { get; init; }

    /// <summary>Smallest units paid to the miner.</summary>
    public required ulong Fee { get; init; }

    /// <summary>Sender sequence number (block height for coinbase).</summary>
    public required ulong Nonce { get; init; }

    /// <summary>Unix milliseconds.</summary>
    public required long Timestamp { get; init; }

    /// <summary>128 hex digits, r || s, low-S (absent for coinbase).</summary>
    public string? Signature { get; init; }
}
