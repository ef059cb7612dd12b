using AspireChain.SystemBench.Load;

namespace AspireChain.SystemBench.Soak;

/// <summary>How a soak drives the system and how it judges it.</summary>
/// <param name="Load">Rate, duration, drain, wallets, batch, streams and seed, as a bench run takes them (the rate must be above 0).</param>
/// <param name="SampleInterval">How often every process, store and counter is sampled.</param>
/// <param name="Warmup">The part of the run left out of the growth fit.</param>
/// <param name="MaxGrowthBytesPerTransfer">The largest anonymous-memory growth per confirmed transfer a service may show and still be flat.</param>
/// <param name="MaxOpenTransfers">Transfers in flight (submitted, no outcome yet) at which the streams pause, so a system that falls behind cannot make the bench hold an ever larger set.</param>
public sealed record SoakShape(LoadShape Load, TimeSpan SampleInterval, SoakWarmup Warmup, double MaxGrowthBytesPerTransfer, int MaxOpenTransfers);
