namespace AspireChain.Ledger;

/// <summary>What <see cref="Mempool.TryAdd"/> did with a transaction.</summary>
public enum MempoolAdmission
{
    /// <summary>Now pending.</summary>
    Added,

    /// <summary>Replaced a pending transaction with the same sender and nonce and a lower fee.</summary>
    Replaced,

    /// <summary>The same id is already pending.</summary>
    Duplicate,

    /// <summary>The sender already has a pending transaction with this nonce and at least this fee.</summary>
    NonceTaken,

}
