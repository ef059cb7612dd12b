using AspireChain.ChainQuery.Options;
using AspireChain.ChainQuery.Storage;
using AspireChain.ChainQuery.Telemetry;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AspireChain.ChainQuery.Consumers;

/// <summary>
/// Follows <c>transactions</c> (status <c>pending</c>, submit time) and <c>rejections</c> (status <c>rejected</c> with the
/// reason, stale/invalid candidates per height) in ChainQuery's own consumer group. A record's offset is stored for the
/// group only after its write committed (a failed write is tried again, never passed), and both effects are idempotent
/// by content id, so a replay after a crash changes nothing. A committed offset the broker no longer holds is never
/// jumped silently: what retention removed before it was read is reported (metric, health, log).
/// </summary>
public sealed partial class StatusFollower(
    KafkaClientFactory kafka,
    ReadModelWriter writer,
    ChainMetrics metrics,
    RetentionLoss retention,
    IOptions<ChainQueryOptions> options,
    ILogger<StatusFollower> logger) : BackgroundService
{
    private static readonly TimeSpan WriteRetryDelay = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Follow(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Follow(CancellationToken stoppingToken)
    {
        var group = options.Value.StatusGroupId;
        string[] topics = [Topics.Transactions, Topics.Rejections];
        using var consumer = kafka.CreateConsumer(
            group,
            "status",
            config =>
            {
                // Commits what was stored, and a record is stored only once its write is durable.
                config.EnableAutoCommit = true;
                config.AutoCommitIntervalMs = 1000;
                config.EnableAutoOffsetStore = false;
                config.AutoOffsetReset = AutoOffsetReset.Error;
            },
            builder => builder.SetPartitionsAssignedHandler((c, partitions) => retention.StartOffsets(c, partitions, group)));
        consumer.Subscribe(topics);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ConsumeResult<string, byte[]>? result;
                try
                {
                    result = consumer.Consume(stoppingToken);
                }
                catch (ConsumeException e) when (RetentionLoss.IsOffsetReset(e))
                {
                    // Retention removed records ahead of the position: join again, and the assignment reports what is gone.
                    LogConsumeError(e.Error.Reason);
                    consumer.Unsubscribe();
                    consumer.Subscribe(topics);
                    continue;
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    LogConsumeError(e.Error.Reason);
                    continue;
                }

                if (result?.Message is null)
                {
                    continue;
                }

                WriteUntilDurable(result, stoppingToken);
                consumer.StoreOffset(result);
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

    // A write that fails (the store busy, a full disk) is retried, never stepped over: the offset waits for it.
    private void WriteUntilDurable(ConsumeResult<string, byte[]> result, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                if (result.Topic == Topics.Transactions)
                {
                    Pending(result);
                }
                else
                {
                    Rejected(result);
                }

                return;
            }
            catch (SqliteException e)
            {
                LogWriteFailed(e, result.Topic, result.Offset.Value);
                stoppingToken.WaitHandle.WaitOne(WriteRetryDelay);
                stoppingToken.ThrowIfCancellationRequested();
            }
        }
    }

    private void Pending(ConsumeResult<string, byte[]> result)
    {
        if (!TransactionMessage.TryParse(result.Message.Value, out var submitted, out var error))
        {
            LogUnreadable(result.Topic, result.Offset.Value, error.ToString());
            return;
        }

        var tx = submitted.Transaction;
        if (!BlockProjection.TryToStored(tx, out var stored))
        {
            // Ingest refuses such amounts; a record like this was written around it and can never confirm.
            LogUnreadable(result.Topic, result.Offset.Value, "amounts beyond the read model's 63-bit range");
            return;
        }

        // The record's Kafka timestamp is when TransactionIngest accepted the submission.
        var submittedAtMs = result.Message.Timestamp.Type == TimestampType.NotAvailable ? (long?)null : result.Message.Timestamp.UnixTimestampMs;
        if (writer.MarkPending(stored, submittedAtMs) is { } seconds)
        {
            metrics.TransactionConfirmed(seconds);
        }
    }

    private void Rejected(ConsumeResult<string, byte[]> result)
    {
        // Total: a record without an id, a reason or a known kind is reported, never stored.
        if (!Rejection.TryParse(result.Message.Value, out var rejection, out var error))
        {
            LogUnreadable(result.Topic, result.Offset.Value, error);
            return;
        }

        if (string.IsNullOrEmpty(rejection.Id))
        {
            LogUnreadable(result.Topic, result.Offset.Value, "a rejection without an id");
            return;
        }

        if (rejection.Kind == RejectionKinds.Transaction)
        {
            writer.MarkRejected(rejection.Id.ToLowerInvariant(), rejection.Reason, rejection.Detail ?? rejection.Reason);
        }
        else if (writer.RecordBlockRejection(
            rejection.Id.ToLowerInvariant(), rejection.Height, rejection.Reason, rejection.Detail, rejection.Source, rejection.Timestamp.ToUnixTimeMilliseconds()))
        {
            metrics.CandidateRejected(rejection.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped an unreadable {Topic} record at offset {Offset}: {Error}")]
    private partial void LogUnreadable(string topic, long offset, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consume error while following status topics: {Reason}")]
    private partial void LogConsumeError(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the {Topic} record at offset {Offset} failed; trying again")]
    private partial void LogWriteFailed(Exception exception, string topic, long offset);
}
