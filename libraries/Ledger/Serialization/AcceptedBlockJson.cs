namespace AspireChain.Ledger;

/// <summary>The JSON wire form of an accepted block (Kafka <c>blocks</c> values): the block and the Validator's signed facts about it.</summary>
public sealed record AcceptedBlockJson
{
    /// <summary>The block.</summary>
    public required BlockJson Block { get; init; }

    /// <summary>The next <c>candidates</c> offset the acceptance reflects (signed).</summary>
    public required long NextCandidateOffset { get; init; }

    /// <summary>The signing validator's public key, 130 hex digits.</summary>
    public required string Validator { get; init; }

    /// <summary>128 hex digits, r || s, low-S.</summary>
    public required string Signature { get; init; }
}
