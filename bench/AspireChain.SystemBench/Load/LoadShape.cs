namespace AspireChain.SystemBench.Load;

/// <summary>How hard and how long to drive the system.</summary>
/// <param name="Rate">Transfers per second offered; 0 = flat out (each stream sends its next batch as soon as the last is answered).</param>
/// <param name="Duration">How long transfers are submitted.</param>
/// <param name="Drain">How long, after the last submission, to keep following outcomes before the rest counts as lost.</param>
/// <param name="Wallets">Funded wallets the transfers are drawn between.</param>
/// <param name="Batch">Most transfers per <c>POST /transactions/batch</c> (1: one <c>POST /transactions</c> each).</param>
/// <param name="Streams">Concurrent submitters; each owns a disjoint set of wallets, so every wallet's nonces reach Kafka in order.</param>
/// <param name="Seed">Seed of the wallet keys and of the random transfers.</param>
public sealed record LoadShape(double Rate, TimeSpan Duration, TimeSpan Drain, int Wallets, int Batch, int Streams, int Seed)
{
    /// <summary>True when no rate is set.</summary>
    public bool FlatOut => Rate <= 0;
}
