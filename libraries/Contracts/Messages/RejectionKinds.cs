namespace AspireChain.Contracts.Messages;

/// <summary>The values of <see cref="Rejection.Kind"/>: what was rejected.</summary>
public static class RejectionKinds
{
    /// <summary>A transaction was rejected (key = tx id).</summary>
    public const string Transaction = "transaction";

    /// <summary>A candidate block was rejected (key = block hash).</summary>
    public const string Block = "block";
}
