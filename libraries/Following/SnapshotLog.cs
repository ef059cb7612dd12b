using AspireChain.Contracts.Kafka;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AspireChain.Following;

/// <summary>
/// Reads partition 0 of <c>snapshots</c> from a position to its end, handing each record over as it comes and keeping
/// none: what a joining node (<see cref="SnapshotSource"/>) and the Validator's publisher (which snapshots are live) both
/// need. The consumer is assigned, never in a group and never committing: the position is the caller's.
/// </summary>
public static class SnapshotLog
{
    /// <summary>Partition 0 of <c>snapshots</c>.</summary>
    public static readonly TopicPartition Partition = new(Topics.Snapshots, 0);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A consumer for <see cref="ReadToEnd"/> and for fetching records at given offsets.</summary>
    public static IConsumer<string, byte[]> CreateReader(KafkaClientFactory kafka, string name)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        return kafka.CreateConsumer($"aspirechain-{name}-{Guid.NewGuid():N}", name, config =>
        {
            // A position before the broker's first offset (evicted, compacted, retained away) starts at the first one.
            config.AutoOffsetReset = AutoOffsetReset.Earliest;
            config.EnableAutoCommit = false;
            config.EnableAutoOffsetStore = false;
            // End-of-partition events: the end of the log counts transaction markers that are never delivered.
            config.EnablePartitionEof = true;
        });
    }

    /// <summary>
    /// Hands every record from <paramref name="next"/> to the end of the partition (as it was when the read started) to
    /// <paramref name="record"/>, moving <paramref name="next"/> past each one as it goes; true once the end was reached,
    /// false when the broker did not answer or <paramref name="timeout"/> passed (<paramref name="next"/> then says how
    /// far it got). A position beyond the partition's end (the topic was created again) starts over at its first offset.
    /// </summary>
    public static bool ReadToEnd(IConsumer<string, byte[]> consumer, ref long next, Action<ConsumeResult<string, byte[]>> record, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(record);
        WatermarkOffsets watermarks;
        try
        {
            watermarks = consumer.QueryWatermarkOffsets(Partition, WatermarkTimeout);
        }
        catch (KafkaException)
        {
            return false;
        }

        var (low, high) = (watermarks.Low.Value, watermarks.High.Value);
        if (next > high)
        {
            next = low;
        }

        next = Math.Max(next, low);
        if (next >= high)
        {
            return true;
        }

        consumer.Assign(new TopicPartitionOffset(Partition, next));
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            while (DateTime.UtcNow < deadline)
            {
                var result = consumer.Consume(PollInterval);
                cancellationToken.ThrowIfCancellationRequested();
                if (result is null)
                {
                    continue;
                }

                if (result.IsPartitionEOF)
                {
                    next = Math.Max(next, result.Offset.Value);
                    if (result.Offset.Value >= high)
                    {
                        return true;
                    }

                    continue;
                }

                next = result.Offset.Value + 1;
                record(result);
            }
        }
        catch (ConsumeException)
        {
            // Tried again from the position reached.
        }

        return false;
    }
}
