namespace AspireChain.Ledger;

/// <summary>How a block's transfer signatures are checked: signature verification is the pipeline's throughput ceiling.</summary>
public enum SignatureVerification
{
    /// <summary>All cores, each signature once.</summary>
    Parallel,

    /// <summary>One thread (benchmarks, deterministic debugging).</summary>
    Sequential,
}
