using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AspireChain.TransactionIngest.Telemetry;

/// <summary>TransactionIngest's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>AspireChain.TransactionIngest</c>.</summary>
public sealed class IngestTelemetry : IDisposable
{
    /// <summary>Name of the source and the meter.</summary>
    public const string Name = "AspireChain.TransactionIngest";

    private readonly Meter _meter;

    /// <summary>Creates the meter through the host's factory so tests can listen to it.</summary>
    public IngestTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        Accepted = _meter.CreateCounter<long>("ingest.transactions.accepted", "{transaction}", "Transactions acknowledged by Kafka and answered 202.");
        Rejected = _meter.CreateCounter<long>("ingest.transactions.rejected", "{transaction}", "Transactions refused at the edge, by reason.");
        Unavailable = _meter.CreateCounter<long>("ingest.transactions.unavailable", "{transaction}", "Valid transactions the broker did not acknowledge (answered 503).");
        DeliveryDuration = _meter.CreateHistogram<double>("ingest.delivery.duration", "s", "Time from produce to the broker's acknowledgement.");
    }

    /// <summary>The source of <c>transaction.submit</c> and <c>transaction.batch</c> spans.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>Transactions acknowledged by Kafka.</summary>
    public Counter<long> Accepted { get; }

    /// <summary>Transactions refused, tagged <c>reason</c>.</summary>
    public Counter<long> Rejected { get; }

    /// <summary>Valid transactions not acknowledged.</summary>
    public Counter<long> Unavailable { get; }

    /// <summary>Produce-to-acknowledgement latency.</summary>
    public Histogram<double> DeliveryDuration { get; }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
