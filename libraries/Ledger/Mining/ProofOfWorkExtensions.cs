namespace AspireChain.Ledger;

/// <summary>Block-level mining on top of the <see cref="IProofOfWork"/> seam.</summary>
public static class ProofOfWorkExtensions
{
    /// <summary>Searches the whole nonce space of <paramref name="template"/>; returns the mined block when found.</summary>
    public static (Block? Block, ProofOfWorkResult Result) Mine(this IProofOfWork proofOfWork, Block template, int threads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proofOfWork);
        ArgumentNullException.ThrowIfNull(template);
        var result = proofOfWork.Search(template.Header, 0, ulong.MaxValue, threads, cancellationToken);
        return (result.Found ? template.WithNonce(result.Nonce) : null, result);
    }
}
