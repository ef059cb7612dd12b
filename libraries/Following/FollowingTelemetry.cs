using System.Diagnostics;
using System.Diagnostics.Metrics;
using AspireChain.Contracts.Telemetry;

namespace AspireChain.Following;

/// <summary>The follower's <see cref="ActivitySource"/> and <see cref="Meter"/>, both <see cref="ChainSources.Following"/>, the same in every service.</summary>
public sealed class FollowingTelemetry : IDisposable
{
    /// <summary>Name of the source and the meter.</summary>
    public const string Name = ChainSources.Following;

    private readonly Meter _meter;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public FollowingTelemetry(IMeterFactory meterFactory, FollowerStatus status, FollowedChain chain)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(chain);
        _meter = meterFactory.Create(Name);
        RecordsRead = _meter.CreateCounter<long>(ChainMeters.FollowingRecordsRead, "{record}", "Records read from blocks.");
        Applied = _meter.CreateCounter<long>(ChainMeters.FollowingApplied, "{block}", "Blocks verified and applied.");
        Duplicates = _meter.CreateCounter<long>(ChainMeters.FollowingDuplicates, "{block}", "Records of a block already held: nothing changed.");
        Faults = _meter.CreateCounter<long>(ChainMeters.FollowingFaults, "{record}",
            "Records not applied (attributes aspirechain.fault.kind and aspirechain.fault.reason): refused, conflict, gap, offset-out-of-range.");
        SnapshotsJoined = _meter.CreateCounter<long>("aspirechain.following.snapshots.joined", "{snapshot}", "Verified snapshots this node joined the chain from.");
        SnapshotRecordsRead = _meter.CreateCounter<long>(ChainMeters.FollowingSnapshotRecordsRead, "{record}", "Records read from snapshots while looking for a snapshot to join from.");
        SnapshotBuffered = _meter.CreateUpDownCounter<long>(ChainMeters.FollowingSnapshotBuffered, "By", "Bytes held for the snapshot being assembled.");
        ApplyDuration = _meter.CreateHistogram<double>(ChainMeters.FollowingApplyDuration, "s", "Time to verify and apply one block, store included.");
        _meter.CreateObservableGauge(ChainMeters.FollowingLag, () => status.Lag ?? 0, "{record}", "Records on blocks not yet read.");
        _meter.CreateObservableGauge(ChainMeters.FollowingHeight, () => (long)chain.Height, "{block}", "Height of the followed tip.");
        _meter.CreateObservableGauge(ChainMeters.FollowingHalted, () => status.Halted is null ? 0 : 1, "{state}", "1 while following is stopped at a gap or a lost offset.");
    }

    /// <summary>Source of the <see cref="ChainSpans.BlockApply"/> spans.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>Snapshots joined from.</summary>
    public Counter<long> SnapshotsJoined { get; }

    /// <summary>Records read from snapshots.</summary>
    public Counter<long> SnapshotRecordsRead { get; }

    /// <summary>Bytes held for a snapshot being assembled.</summary>
    public UpDownCounter<long> SnapshotBuffered { get; }

    /// <summary>Records read.</summary>
    public Counter<long> RecordsRead { get; }

    /// <summary>Blocks applied.</summary>
    public Counter<long> Applied { get; }

    /// <summary>Duplicates ignored.</summary>
    public Counter<long> Duplicates { get; }

    /// <summary>Faults by kind and reason.</summary>
    public Counter<long> Faults { get; }

    /// <summary>Verify-and-apply latency.</summary>
    public Histogram<double> ApplyDuration { get; }

    /// <summary>Counts a fault.</summary>
    public void Fault(FollowFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        Faults.Add(1, new KeyValuePair<string, object?>(ChainAttributes.FaultKind, fault.Kind), new KeyValuePair<string, object?>(ChainAttributes.FaultReason, fault.Reason));
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
