using System.Diagnostics;
using System.Diagnostics.Metrics;
using AspireChain.ChainQuery.Following;

namespace AspireChain.ChainQuery.Telemetry;

/// <summary>ChainQuery's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>AspireChain.ChainQuery</c>.</summary>
public sealed class ChainQueryTelemetry : IDisposable
{
    /// <summary>Name of the source and the meter.</summary>
    public const string Name = "AspireChain.ChainQuery";

    private readonly Meter _meter;

    /// <summary>Creates the meter through the host's factory so tests can listen to it.</summary>
    public ChainQueryTelemetry(IMeterFactory meterFactory, BlocksFollowState state)
    {
        _meter = meterFactory.Create(Name);
        BlocksApplied = _meter.CreateCounter<long>("chainquery.blocks.applied", "{block}", "Blocks added to the read model.");
        BlocksDuplicate = _meter.CreateCounter<long>("chainquery.blocks.duplicate", "{block}", "Replayed blocks ignored by (height, hash).");
        BlocksRefused = _meter.CreateCounter<long>("chainquery.blocks.refused", "{block}", "Blocks not applied because their linkage or proof failed.");
        RecordsRead = _meter.CreateCounter<long>("chainquery.blocks.records_read", "{record}", "Records read from the blocks topic.");
        ApplyDuration = _meter.CreateHistogram<double>("chainquery.block.apply.duration", "s", "Time to apply one block to SQLite.");
        _meter.CreateObservableGauge("chainquery.blocks.lag", () => state.Lag ?? 0, "{record}", "Records on blocks not yet applied.");
    }

    /// <summary>The source of <c>block.apply</c> spans.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>Blocks added to the read model.</summary>
    public Counter<long> BlocksApplied { get; }

    /// <summary>Replays ignored.</summary>
    public Counter<long> BlocksDuplicate { get; }

    /// <summary>Blocks refused (linkage, proof of work, Merkle root, malformed).</summary>
    public Counter<long> BlocksRefused { get; }

    /// <summary>Records read from <c>blocks</c>.</summary>
    public Counter<long> RecordsRead { get; }

    /// <summary>Apply latency.</summary>
    public Histogram<double> ApplyDuration { get; }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
