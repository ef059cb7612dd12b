namespace AspireChain.Ledger;

/// <summary>The mining seam: search nonces of a header template for a hash meeting its target. Implementations must agree hash for hash.</summary>
public interface IProofOfWork
{
    /// <summary>Short name for metrics and benchmarks.</summary>
    string Name { get; }

    /// <summary>
    /// Tries <paramref name="count"/> nonces from <paramref name="startNonce"/> on <paramref name="threads"/> threads until one
    /// meets <c>template.Target</c>; returns within milliseconds of cancellation with the attempts made so far.
    /// </summary>
    ProofOfWorkResult Search(BlockHeader template, ulong startNonce, ulong count, int threads, CancellationToken cancellationToken);

    /// <summary>The block hash of <paramref name="template"/> with <paramref name="nonce"/>.</summary>
    Hash256 Hash(BlockHeader template, ulong nonce);
}
