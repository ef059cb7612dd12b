using System.Diagnostics;
using System.Diagnostics.Metrics;
using AspireChain.Contracts.Telemetry;

namespace AspireChain.TransactionIngest.Telemetry;

/// <summary>TransactionIngest's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="ChainSources.Ingest"/>.</summary>
public sealed class IngestTelemetry : IDisposable
{
    /// <summary>Name of the source and the meter.</summary>
    public const string Name = ChainSources.Ingest;

    private readonly Meter _meter;

    /// <summary>Creates the meter through the host's factory so tests can listen to it.</summary>
    public IngestTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        Accepted = _meter.CreateCounter<long>(ChainMeters.IngestAccepted, "{transaction}", "Transactions acknowledged by Kafka and answered 202.");
        Rejected = _meter.CreateCounter<long>(ChainMeters.IngestRejected, "{transaction}", "Transactions refused at the edge, by reason.");
        Unavailable = _meter.CreateCounter<long>(ChainMeters.IngestUnavailable, "{transaction}", "Valid transactions the broker did not acknowledge (answered 503).");
        DeliveryDuration = _meter.CreateHistogram<double>(ChainMeters.IngestDeliveryDuration, "s", "Time from produce to the broker's acknowledgement.");
    }

    /// <summary>The source of <see cref="ChainSpans.TransactionSubmit"/> and <see cref="ChainSpans.TransactionBatch"/> spans.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>Transactions acknowledged by Kafka.</summary>
    public Counter<long> Accepted { get; }

    /// <summary>Transactions refused, tagged <see cref="ChainAttributes.RejectionReason"/>.</summary>
    public Counter<long> Rejected { get; }

    /// <summary>Valid transactions not acknowledged.</summary>
    public Counter<long> Unavailable { get; }

    /// <summary>Produce-to-acknowledgement latency.</summary>
    public Histogram<double> DeliveryDuration { get; }

    /// <summary>Publishes the backlog gauge, read from <paramref name="backlog"/> at each collection.</summary>
    public void ObserveBacklog(Func<long> backlog) =>
        _meter.CreateObservableGauge(ChainMeters.IngestBacklog, backlog, "{record}", "Records of the worst transactions partition the miners have not committed past.");

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
