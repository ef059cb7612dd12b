using System.Diagnostics;
using System.Diagnostics.Metrics;
using AspireChain.Contracts.Telemetry;

namespace AspireChain.Miner.Telemetry;

/// <summary>The miner's one <see cref="ActivitySource"/> and one <see cref="Meter"/> (<see cref="ChainSources.Miner"/>), and its instruments.</summary>
public sealed class MinerTelemetry : IDisposable
{
    /// <summary>Name of the activity source and the meter.</summary>
    public const string Name = ChainSources.Miner;

    private readonly Meter _meter;
    private double _hashRate;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public MinerTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(Name);
        Attempts = _meter.CreateCounter<long>(ChainMeters.MinerAttempts, "{hash}", "Nonces tried.");
        BlocksMined = _meter.CreateCounter<long>(ChainMeters.MinerBlocksMined, "{block}", "Candidates found and published.");
        BlocksAccepted = _meter.CreateCounter<long>(ChainMeters.MinerBlocksAccepted, "{block}", "Own candidates that became the chain.");
        BlocksStale = _meter.CreateCounter<long>(ChainMeters.MinerBlocksStale, "{block}", "Own candidates that lost the race for their height.");
        TransactionsRejected = _meter.CreateCounter<long>(ChainMeters.MinerTransactionsRejected, "{transaction}", "Transactions refused (rejection acknowledged on rejections), by reason.");
        RejectionRetries = _meter.CreateCounter<long>(ChainMeters.MinerRejectionsRetried, "{attempt}", "Rejections that failed to publish and were queued again.");
        SignaturesChecked = _meter.CreateCounter<long>(ChainMeters.MinerSignaturesChecked, "{transaction}", "Transfers read, by how their signature was checked (attested by ingest, or verified here).");
        _meter.CreateObservableGauge(ChainMeters.MinerHashRate, () => Volatile.Read(ref _hashRate), "{hash}/s", "Hash rate of the last search.");
    }

    /// <summary>Source of <see cref="ChainSpans.BlockMine"/> and <see cref="ChainSpans.TransactionReject"/> spans.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>Nonces tried.</summary>
    public Counter<long> Attempts { get; }

    /// <summary>Candidates published.</summary>
    public Counter<long> BlocksMined { get; }

    /// <summary>Own candidates accepted by the Validator.</summary>
    public Counter<long> BlocksAccepted { get; }

    /// <summary>Own candidates that lost their height.</summary>
    public Counter<long> BlocksStale { get; }

    /// <summary>Transactions refused while building templates (tag <see cref="ChainAttributes.RejectionReason"/>).</summary>
    public Counter<long> TransactionsRejected { get; }

    /// <summary>Rejections published again after a failure.</summary>
    public Counter<long> RejectionRetries { get; }

    /// <summary>Transfers read from <c>transactions</c> (tag <see cref="ChainAttributes.SignatureCheck"/>).</summary>
    public Counter<long> SignaturesChecked { get; }

    /// <summary>Publishes the latest measured hash rate.</summary>
    public void RecordHashRate(double hashesPerSecond) => Volatile.Write(ref _hashRate, hashesPerSecond);

    /// <summary>Registers the mempool gauges (observed from the pool and the rejection outbox).</summary>
    public void ObserveMempool(Func<int> size, Func<int> held, Func<long> rejectionsWaiting)
    {
        _meter.CreateObservableGauge(ChainMeters.MinerMempoolSize, size, "{transaction}", "Pending transactions on the owned partitions.");
        _meter.CreateObservableGauge(ChainMeters.MinerMempoolHeld, held, "{transaction}", "Transactions held back until their sender can pay them.");
        _meter.CreateObservableGauge(ChainMeters.MinerRejectionsWaiting, rejectionsWaiting, "{transaction}", "Rejections queued or in flight, not yet acknowledged.");
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
