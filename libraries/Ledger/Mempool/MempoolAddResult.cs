namespace AspireChain.Ledger;

/// <summary>The outcome of admitting a transaction, with the transaction it replaced (same sender and nonce, a lower fee), if any.</summary>
public readonly record struct MempoolAddResult(MempoolAdmission Admission, Transaction? Displaced)
{
    /// <summary>True when the transaction is now pending.</summary>
    public bool Accepted => Admission is MempoolAdmission.Added or MempoolAdmission.Replaced;
}
