namespace AspireChain.Ledger;

/// <summary>The JSON wire form of a block header.</summary>
public sealed record BlockHeaderJson
{
    /// <summary>Rules version.</summary>
    public required uint Version { get; init; }

    /// <summary>Height.</summary>
    public required ulong Height { get; init; }

    /// <summary>Parent hash, 64 hex digits.</summary>
    public required string PreviousHash { get; init; }

    /// <summary>Merkle root, 64 hex digits.</summary>
    public required string MerkleRoot { get; init; }

    /// <summary>State root (every account after the block), 64 hex digits.</summary>
    public required string StateRoot { get; init; }

    /// <summary>Unix milliseconds.</summary>
    public required long Timestamp { get; init; }

    /// <summary>Compact target bits, 8 hex digits.</summary>
    public required string Target { get; init; }

    /// <summary>Miner address, 40 hex digits.</summary>
    public required string Miner { get; init; }

    /// <summary>Proof-of-work nonce.</summary>
    public required ulong Nonce { get; init; }
}
