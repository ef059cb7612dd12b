using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AspireChain.Validator.Telemetry;

/// <summary>The Validator's one <see cref="ActivitySource"/> and one <see cref="Meter"/> (<c>AspireChain.Validator</c>), and its instruments.</summary>
public sealed class ValidatorTelemetry : IDisposable
{
    /// <summary>Name of the activity source and the meter.</summary>
    public const string Name = "AspireChain.Validator";

    private readonly Meter _meter;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public ValidatorTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(Name);
        Accepted = _meter.CreateCounter<long>("aspirechain.validator.blocks.accepted", "{block}", "Candidates accepted and published to blocks.");
        Stale = _meter.CreateCounter<long>("aspirechain.validator.blocks.stale", "{block}", "Candidates for a height that already had a block.");
        Invalid = _meter.CreateCounter<long>("aspirechain.validator.blocks.invalid", "{block}", "Candidates breaking a rule, by reason.");
        ValidationDuration = _meter.CreateHistogram<double>("aspirechain.validator.validation.duration", "s", "Time to fully validate one candidate.");
    }

    /// <summary>Source of <c>block.validate</c> and <c>block.commit</c> spans.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>Accepted candidates.</summary>
    public Counter<long> Accepted { get; }

    /// <summary>Stale candidates (lost the race for their height).</summary>
    public Counter<long> Stale { get; }

    /// <summary>Invalid candidates (tag <c>reason</c>).</summary>
    public Counter<long> Invalid { get; }

    /// <summary>Validation latency per candidate.</summary>
    public Histogram<double> ValidationDuration { get; }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
