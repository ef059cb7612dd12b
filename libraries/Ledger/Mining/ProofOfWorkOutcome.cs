namespace AspireChain.Ledger;

/// <summary>How a nonce search ended.</summary>
public enum ProofOfWorkOutcome
{
    /// <summary>A nonce meeting the target was found.</summary>
    Found,

    /// <summary>The whole nonce range was tried without success (change the template, e.g. its timestamp).</summary>
    Exhausted,

    /// <summary>Stopped by the cancellation token (typically: a new tip arrived).</summary>
    Cancelled,
}
