using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>
/// Where a consumer-group member starts each assigned partition: its committed offset while the broker still holds it,
/// else the start of the log, and the difference is reported as records lost to retention (or eviction) before the
/// group read them: a metric, the <c>kafka-retention</c> health check and an error log, never a silent jump. Consumers
/// using it run with <c>auto.offset.reset=error</c>, so an offset that goes out of range later surfaces too
/// (<see cref="IsOffsetReset"/>): they re-subscribe and land here again. Thread-safe.
/// </summary>
public sealed partial class RetentionLoss : IDisposable
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);
    private const int MaxRecentRanges = 20;

    private readonly Lock _gate = new();
    private readonly List<LostRecords> _recent = [];
    private readonly Meter _meter;
    private readonly Counter<long> _lost;
    private readonly ILogger _logger;
    private long _total;

    /// <summary>Creates the instrument on a meter from <paramref name="meterFactory"/> (or a standalone meter).</summary>
    public RetentionLoss(IMeterFactory? meterFactory = null, ILogger<RetentionLoss>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _meter = meterFactory?.Create(KafkaStatisticsMetrics.MeterName) ?? new Meter(KafkaStatisticsMetrics.MeterName);
        _lost = _meter.CreateCounter<long>(
            KafkaTelemetryNames.RecordsLost, "{record}",
            "Records removed by retention or eviction before a group read them (attributes messaging.destination.name, messaging.consumer.group.name).");
    }

    /// <summary>Records lost since this process started.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>The latest lost ranges, newest last.</summary>
    public IReadOnlyList<LostRecords> Recent
    {
        get
        {
            lock (_gate)
            {
                return [.. _recent];
            }
        }
    }

    /// <summary>True for the error a consumer with <c>auto.offset.reset=error</c> raises when its position left the log.</summary>
    public static bool IsOffsetReset(ConsumeException exception) =>
        exception?.Error.Code is ErrorCode.Local_AutoOffsetReset or ErrorCode.OffsetOutOfRange;

    /// <summary>
    /// For a partitions-assigned handler: the committed offset of each partition when the broker holds it, else the
    /// start of the log (reporting what lies between as lost). A partition whose offsets cannot be learnt now keeps its
    /// committed offset; if that is gone, consuming raises the reset error and the caller re-subscribes.
    /// </summary>
    public IReadOnlyList<TopicPartitionOffset> StartOffsets(IConsumer<string, byte[]> consumer, IReadOnlyCollection<TopicPartition> partitions, string group)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(partitions);
        List<TopicPartitionOffset> committed;
        try
        {
            committed = consumer.Committed(partitions, QueryTimeout);
        }
        catch (KafkaException e)
        {
            LogQueryFailed(_logger, e.Error.Reason);
            return [.. partitions.Select(p => new TopicPartitionOffset(p, Offset.Stored))];
        }

        var starts = new List<TopicPartitionOffset>(committed.Count);
        foreach (var position in committed)
        {
            WatermarkOffsets watermarks;
            try
            {
                watermarks = consumer.QueryWatermarkOffsets(position.TopicPartition, QueryTimeout);
            }
            catch (KafkaException e)
            {
                LogQueryFailed(_logger, e.Error.Reason);
                starts.Add(position.Offset == Offset.Unset ? new TopicPartitionOffset(position.TopicPartition, Offset.Stored) : position);
                continue;
            }

            var low = watermarks.Low.Value;
            var high = watermarks.High.Value;
            // No commit yet: the group is reading this partition for the first time, from offset 0 on.
            var from = position.Offset == Offset.Unset ? 0 : position.Offset.Value;
            if (from >= low && from <= high)
            {
                starts.Add(new TopicPartitionOffset(position.TopicPartition, from));
                continue;
            }

            if (from < low)
            {
                Record(new LostRecords(position.Topic, position.Partition.Value, group, from, low, DateTimeOffset.UtcNow));
            }
            else
            {
                // Beyond the end: the log was rebuilt under the group. Reading it from its start repeats, never loses.
                LogAheadOfLog(_logger, position.Topic, position.Partition.Value, group, from, high);
            }

            starts.Add(new TopicPartitionOffset(position.TopicPartition, low));
        }

        return starts;
    }

    /// <summary>Reports a lost range (metric, health, log).</summary>
    public void Record(LostRecords lost)
    {
        ArgumentNullException.ThrowIfNull(lost);
        Interlocked.Add(ref _total, lost.Count);
        _lost.Add(lost.Count,
            new KeyValuePair<string, object?>("messaging.destination.name", lost.Topic),
            new KeyValuePair<string, object?>("messaging.consumer.group.name", lost.Group));
        lock (_gate)
        {
            _recent.Add(lost);
            if (_recent.Count > MaxRecentRanges)
            {
                _recent.RemoveAt(0);
            }
        }

        LogLost(_logger, lost.Count, lost.Topic, lost.Partition, lost.From, lost.To, lost.Group);
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} record(s) of {Topic}[{Partition}] (offsets {From}..{To}) were removed before group {Group} read them")]
    private static partial void LogLost(ILogger logger, long count, string topic, int partition, long from, long to, string group);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group {Group} committed {Topic}[{Partition}] at {Offset}, beyond the log's end {High}: reading it from its start")]
    private static partial void LogAheadOfLog(ILogger logger, string topic, int partition, string group, long offset, long high);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not learn committed offsets or watermarks at assignment: {Reason}")]
    private static partial void LogQueryFailed(ILogger logger, string reason);
}

/// <summary>A range of a partition that retention or eviction removed before a group read it.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Group">The consumer group that missed it.</param>
/// <param name="From">First lost offset.</param>
/// <param name="To">First offset still held (exclusive end).</param>
/// <param name="At">When it was found.</param>
public sealed record LostRecords(string Topic, int Partition, string Group, long From, long To, DateTimeOffset At)
{
    /// <summary>How many records.</summary>
    public long Count => To - From;

    /// <inheritdoc />
    public override string ToString() => $"{Topic}[{Partition}] {From}..{To} ({Count}, group {Group})";
}
