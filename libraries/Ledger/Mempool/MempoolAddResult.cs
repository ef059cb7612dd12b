namespace AspireChain.Ledger;

/// <summary>The outcome of admitting a transaction, with the transaction that left to make room (evicted or replaced), if any.</summary>
public readonly record struct MempoolAddResult(MempoolAdmission Admission, Transaction? Displaced)
{
    /// <summary>True when the transaction is now pending.</summary>
    public bool Accepted => Admission is MempoolAdmission.Added or MempoolAdmission.Replaced;
}
