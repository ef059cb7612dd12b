namespace AspireChain.Ledger;

/// <summary>One thread's precomputed state for a header template: hashes a run of nonces and reports the first that meets the target.</summary>
internal abstract class NonceWorker
{
    /// <summary>Tries nonces [start, start + count) in order; on success returns the first winning nonce.</summary>
    public abstract bool TrySearch(ulong start, uint count, out ulong nonce);
}
