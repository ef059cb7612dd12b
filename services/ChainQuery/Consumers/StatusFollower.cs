using System.Diagnostics;
using AspireChain.ChainQuery.Options;
using AspireChain.ChainQuery.Storage;
using AspireChain.ChainQuery.Telemetry;
using AspireChain.Contracts.Kafka;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AspireChain.ChainQuery.Consumers;

/// <summary>
/// Follows <c>transactions</c> (status <c>pending</c>, submit time) and <c>rejections</c> (status <c>rejected</c> with the
/// reason, stale/invalid candidates per height) in ChainQuery's own consumer group, in batches: it waits for a record,
/// takes what else has already arrived (up to <see cref="ChainQueryOptions.StatusBatchMaxRecords"/> records or
/// <see cref="ChainQueryOptions.StatusBatchMaxAge"/>), and writes the batch in one SQLite transaction. The batch's offsets
/// are stored for the group only after that transaction committed (a failed write is tried again whole, never passed),
/// and every effect is idempotent by content id, so a replay after a crash changes nothing. A committed offset the broker
/// no longer holds is never jumped silently: what retention removed before it was read is reported (metric, health, log).
/// An unreadable record (anything can write to these topics) is counted (<see cref="UnreadableRecords"/>), logged and
/// stepped over; its offset is stored with the batch's.
/// </summary>
public sealed partial class StatusFollower(
    KafkaClientFactory kafka,
    StatusWriter writer,
    ChainMetrics metrics,
    RetentionLoss retention,
    UnreadableRecords unreadable,
    IOptions<ChainQueryOptions> options,
    ILogger<StatusFollower> logger) : BackgroundService
{
    private static readonly TimeSpan WriteRetryDelay = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Follow(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Follow(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var group = settings.StatusGroupId;
        var maxRecords = Math.Max(1, settings.StatusBatchMaxRecords);
        string[] topics = [Topics.Transactions, Topics.Rejections];
        using var consumer = kafka.CreateConsumer(
            group,
            "status",
            config =>
            {
                // Commits what was stored, and a record is stored only once its batch's write is durable.
                config.EnableAutoCommit = true;
                config.AutoCommitIntervalMs = 1000;
                config.EnableAutoOffsetStore = false;
                config.AutoOffsetReset = AutoOffsetReset.Error;
            },
            builder => builder.SetPartitionsAssignedHandler((c, partitions) => retention.StartOffsets(c, partitions, group)));
        consumer.Subscribe(topics);
        var batch = new List<ConsumeResult<string, byte[]>>(maxRecords);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                batch.Clear();
                var positionLost = Collect(consumer, batch, maxRecords, settings.StatusBatchMaxAge, stoppingToken);
                if (batch.Count > 0)
                {
                    WriteUntilDurable(batch, stoppingToken);
                    StoreOffsets(consumer, batch);
                }

                if (positionLost)
                {
                    // Retention removed records ahead of the position: join again, and the assignment reports what is gone.
                    consumer.Unsubscribe();
                    consumer.Subscribe(topics);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: nothing unwritten was stored, so the group resumes before it.
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>
    /// Waits for a record, then takes only what has already arrived (never waiting for more) until the batch is full or
    /// old enough. True when the position left the log: the records taken so far are written before joining again.
    /// </summary>
    private bool Collect(
        IConsumer<string, byte[]> consumer, List<ConsumeResult<string, byte[]>> batch, int maxRecords, TimeSpan maxAge, CancellationToken stoppingToken)
    {
        var started = 0L;
        while (batch.Count < maxRecords && (batch.Count == 0 || Stopwatch.GetElapsedTime(started) < maxAge))
        {
            ConsumeResult<string, byte[]>? result;
            try
            {
                result = batch.Count == 0 ? consumer.Consume(stoppingToken) : consumer.Consume(TimeSpan.Zero);
            }
            catch (ConsumeException e) when (RetentionLoss.IsOffsetReset(e))
            {
                LogConsumeError(e.Error.Reason);
                return true;
            }
            catch (ConsumeException e) when (!e.Error.IsFatal)
            {
                LogConsumeError(e.Error.Reason);
                continue;
            }

            if (result is null)
            {
                // Nothing more has arrived: write what there is rather than wait.
                return false;
            }

            if (result.Message is null)
            {
                continue;
            }

            if (batch.Count == 0)
            {
                started = Stopwatch.GetTimestamp();
            }

            batch.Add(result);
        }

        return false;
    }

    // A write that fails (the store busy, a full disk) rolls back whole and is retried, never stepped over: the offsets wait for it.
    private void WriteUntilDurable(List<ConsumeResult<string, byte[]>> batch, CancellationToken stoppingToken)
    {
        var updates = new List<StatusUpdate>(batch.Count);
        foreach (var record in batch)
        {
            if (StatusBatch.Read(record, out var error) is { } update)
            {
                updates.Add(update);
            }
            else
            {
                unreadable.Report(record.Topic, record.Partition.Value, record.Offset.Value, error ?? "unreadable");
                LogUnreadable(record.Topic, record.Offset.Value, error ?? "unreadable");
            }
        }

        while (updates.Count > 0)
        {
            try
            {
                var outcome = writer.Write(updates);
                // Counted once the batch committed, so a batch written again after a failure is not counted twice.
                foreach (var seconds in outcome.ConfirmationSeconds)
                {
                    metrics.TransactionConfirmed(seconds);
                }

                foreach (var reason in outcome.NewCandidateRejectionReasons)
                {
                    metrics.CandidateRejected(reason);
                }

                return;
            }
            catch (SqliteException e)
            {
                LogWriteFailed(e, batch.Count, batch[0].Topic, batch[0].Offset.Value);
                stoppingToken.WaitHandle.WaitOne(WriteRetryDelay);
                stoppingToken.ThrowIfCancellationRequested();
            }
        }
    }

    private void StoreOffsets(IConsumer<string, byte[]> consumer, List<ConsumeResult<string, byte[]>> batch)
    {
        foreach (var next in StatusBatch.NextOffsets(batch))
        {
            try
            {
                consumer.StoreOffset(next);
            }
            catch (KafkaException e) when (e.Error.Code is ErrorCode.Local_State or ErrorCode.Local_UnknownPartition)
            {
                // Taken back while the batch was read: its next owner reads those records again, and writing them twice changes nothing.
                LogNotStored(next.TopicPartition.ToString(), next.Offset.Value, e.Error.Reason);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped an unreadable {Topic} record at offset {Offset}: {Error}")]
    private partial void LogUnreadable(string topic, long offset, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consume error while following status topics: {Reason}")]
    private partial void LogConsumeError(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing a batch of {Records} status records (from {Topic} offset {Offset}) failed; trying again")]
    private partial void LogWriteFailed(Exception exception, int records, string topic, long offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "Offset {Offset} of {Partition} not stored: the partition was reassigned while its batch was written ({Reason})")]
    private partial void LogNotStored(string partition, long offset, string reason);
}
