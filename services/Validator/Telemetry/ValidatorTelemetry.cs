using System.Diagnostics;
using System.Diagnostics.Metrics;
using AspireChain.Contracts.Telemetry;

namespace AspireChain.Validator.Telemetry;

/// <summary>The Validator's one <see cref="ActivitySource"/> and one <see cref="Meter"/> (<see cref="ChainSources.Validator"/>), and its instruments.</summary>
public sealed class ValidatorTelemetry : IDisposable
{
    /// <summary>Name of the activity source and the meter.</summary>
    public const string Name = ChainSources.Validator;

    private readonly Meter _meter;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public ValidatorTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(Name);
        Accepted = _meter.CreateCounter<long>(ChainMeters.ValidatorAccepted, "{block}", "Candidates accepted and published to blocks.");
        Stale = _meter.CreateCounter<long>(ChainMeters.ValidatorStale, "{block}", "Candidates for a height that already had a block.");
        Invalid = _meter.CreateCounter<long>(ChainMeters.ValidatorInvalid, "{block}", "Candidates breaking a rule, by reason.");
        ValidationDuration = _meter.CreateHistogram<double>(ChainMeters.ValidatorValidationDuration, "s", "Time to fully validate one candidate.");
        SignaturesChecked = _meter.CreateCounter<long>(ChainMeters.ValidatorSignaturesChecked, "{transaction}", "Candidate transfers, by how their signature was checked (attested by ingest, or verified here).");
        SnapshotsPublished = _meter.CreateCounter<long>("aspirechain.validator.snapshots.published", "{snapshot}", "State snapshots published to the snapshots topic.");
        SnapshotBytes = _meter.CreateHistogram<long>("aspirechain.validator.snapshot.size", "By", "Bytes of one published state snapshot.");
        SnapshotDuration = _meter.CreateHistogram<double>("aspirechain.validator.snapshot.duration", "s", "Time to capture, sign and publish one state snapshot.");
    }

    /// <summary>Source of <see cref="ChainSpans.BlockValidate"/> and <see cref="ChainSpans.BlockCommit"/> spans.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>Accepted candidates.</summary>
    public Counter<long> Accepted { get; }

    /// <summary>Stale candidates (lost the race for their height).</summary>
    public Counter<long> Stale { get; }

    /// <summary>Invalid candidates (tag <see cref="ChainAttributes.RejectionReason"/>).</summary>
    public Counter<long> Invalid { get; }

    /// <summary>Validation latency per candidate.</summary>
    public Histogram<double> ValidationDuration { get; }

    /// <summary>Candidate transfers whose signature was checked (tag <see cref="ChainAttributes.SignatureCheck"/>).</summary>
    public Counter<long> SignaturesChecked { get; }

    /// <summary>State snapshots published.</summary>
    public Counter<long> SnapshotsPublished { get; }

    /// <summary>Size of each published snapshot.</summary>
    public Histogram<long> SnapshotBytes { get; }

    /// <summary>Capture + sign + publish time per snapshot.</summary>
    public Histogram<double> SnapshotDuration { get; }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
