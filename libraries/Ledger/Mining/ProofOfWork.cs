namespace AspireChain.Ledger;

/// <summary>Picks a miner implementation by name (configuration) or the fastest this CPU supports.</summary>
public static class ProofOfWork
{
    /// <summary>The vector miner where Vector256 is hardware accelerated, else the reference miner.</summary>
    public static IProofOfWork Default => VectorProofOfWork.IsSupported ? VectorProofOfWork.Instance : ReferenceProofOfWork.Instance;

    /// <summary><c>reference</c>, <c>vector256</c>, or null/empty/<c>default</c> for <see cref="Default"/>.</summary>
    public static IProofOfWork Create(string? name) => name?.ToUpperInvariant() switch
    {
        null or "" or "DEFAULT" => Default,
        "REFERENCE" => ReferenceProofOfWork.Instance,
        "VECTOR256" => VectorProofOfWork.IsSupported ? VectorProofOfWork.Instance : throw new PlatformNotSupportedException("Vector256 is not hardware accelerated here."),
        _ => throw new ArgumentException($"Unknown proof-of-work implementation '{name}' (reference, vector256).", nameof(name)),
    };
}
