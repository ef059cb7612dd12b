namespace AspireChain.Ledger;

/// <summary>How a block's transfer signatures are checked: signature verification is the pipeline's throughput ceiling.</summary>
public enum SignatureVerification
{
    /// <summary>All cores, each signature once.</summary>
    Parallel,

    /// <summary>One thread (benchmarks, deterministic debugging).</summary>
    Sequential,

    /// <summary>
    /// Not checked: only for blocks the Validator already accepted (the <c>blocks</c> topic), so followers such as miners
    /// and ChainQuery do not verify each signature a second time. Every other rule still runs.
    /// </summary>
    None,
}
