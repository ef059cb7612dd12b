using System.Diagnostics.Metrics;

namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>
/// Records a consumer read but could not parse and stepped over (Kafka is writable by anything that reaches it): a
/// counter by topic (<c>aspirechain.kafka.records.unreadable</c>) and the latest few with their position and why, for a
/// consumer that has no id to publish a rejection by (a record that does not parse names no transaction). Thread-safe.
/// </summary>
public sealed class UnreadableRecords : IDisposable
{
    private const int MaxRecent = 20;

    private readonly Lock _gate = new();
    private readonly Queue<UnreadableRecord> _recent = new();
    private readonly Meter _meter;
    private readonly Counter<long> _unreadable;
    private long _total;

    /// <summary>Creates the instrument on a meter from <paramref name="meterFactory"/> (or a standalone meter).</summary>
    public UnreadableRecords(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(KafkaStatisticsMetrics.MeterName) ?? new Meter(KafkaStatisticsMetrics.MeterName);
        _unreadable = _meter.CreateCounter<long>(
            KafkaTelemetryNames.RecordsUnreadable, "{record}", "Records read but unreadable and stepped over (attribute messaging.destination.name).");
    }

    /// <summary>Unreadable records since this process started.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>The latest unreadable records, newest last.</summary>
    public IReadOnlyList<UnreadableRecord> Recent
    {
        get
        {
            lock (_gate)
            {
                return [.. _recent];
            }
        }
    }

    /// <summary>Counts one unreadable record and keeps where it was and why.</summary>
    public void Report(string topic, int partition, long offset, string error)
    {
        Interlocked.Increment(ref _total);
        _unreadable.Add(1, new KeyValuePair<string, object?>("messaging.destination.name", topic));
        lock (_gate)
        {
            _recent.Enqueue(new UnreadableRecord(topic, partition, offset, error, DateTimeOffset.UtcNow));
            if (_recent.Count > MaxRecent)
            {
                _recent.Dequeue();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}

/// <summary>One record stepped over as unreadable: where it was, why, and when it was read.</summary>
public sealed record UnreadableRecord(string Topic, int Partition, long Offset, string Error, DateTimeOffset At);
