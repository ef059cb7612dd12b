using System.Text.Json;
using AspireChain.ChainQuery.Storage;
using AspireChain.ChainQuery.Telemetry;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AspireChain.ChainQuery.Following;

/// <summary>
/// Follows <c>transactions</c> (status <c>pending</c>, submit time) and <c>rejections</c> (status <c>rejected</c> with the
/// reason, stale/invalid candidates per height) in ChainQuery's own consumer group. Both effects are idempotent by content id,
/// so broker-committed offsets suffice here: a replay after a crash changes nothing.
/// </summary>
public sealed partial class StatusFollower(
    KafkaClientFactory kafka,
    ReadModelWriter writer,
    ChainMetrics metrics,
    IOptions<ChainQueryOptions> options,
    ILogger<StatusFollower> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Follow(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Follow(CancellationToken stoppingToken)
    {
        using var consumer = kafka.CreateConsumer(options.Value.StatusGroupId, "status", config =>
        {
            // Status updates are idempotent: auto-committing what was processed is enough.
            config.EnableAutoCommit = true;
            config.AutoCommitIntervalMs = 1000;
        });
        consumer.Subscribe([Topics.Transactions, Topics.Rejections]);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var result = consumer.Consume(stoppingToken);
                    if (result?.Message?.Value is null)
                    {
                        continue;
                    }

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
                    }
                    catch (Exception e) when (e is not OperationCanceledException and not Microsoft.Data.Sqlite.SqliteException)
                    {
                        // One malformed record (e.g. a rejection without an id) must not stop status following.
                        LogUnreadable(result.Topic, result.Offset.Value, e.Message);
                    }
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    LogConsumeError(e.Error.Reason);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            consumer.Close();
        }
    }

    private void Pending(ConsumeResult<string, byte[]> result)
    {
        if (Transaction.TryParseJson(result.Message.Value, out var tx, out var error))
        {
            if (BlockProjection.TryToStored(tx, out var stored))
            {
                // The record's Kafka timestamp is when TransactionIngest accepted the submission.
                var submittedAtMs = result.Message.Timestamp.Type == TimestampType.NotAvailable ? (long?)null : result.Message.Timestamp.UnixTimestampMs;
                if (writer.MarkPending(stored, submittedAtMs) is { } seconds)
                {
                    metrics.TransactionConfirmed(seconds);
                }
            }
            else
            {
                // Ingest refuses such amounts; a record like this was written around it and can never confirm.
                LogUnreadable(result.Topic, result.Offset.Value, "amounts beyond the read model's 63-bit range");
            }
        }
        else
        {
            LogUnreadable(result.Topic, result.Offset.Value, error.ToString());
        }
    }

    private void Rejected(ConsumeResult<string, byte[]> result)
    {
        Rejection rejection;
        try
        {
            rejection = Rejection.Parse(result.Message.Value);
        }
        catch (JsonException e)
        {
            LogUnreadable(result.Topic, result.Offset.Value, e.Message);
            return;
        }

        // Deserialization does not enforce the record's shape: a record missing what it is keyed and counted by is reported, not stored.
        if (string.IsNullOrEmpty(rejection.Id) || string.IsNullOrEmpty(rejection.Reason))
        {
            LogUnreadable(result.Topic, result.Offset.Value, "a rejection without an id or a reason");
            return;
        }

        if (rejection.Kind == RejectionKinds.Transaction)
        {
            writer.MarkRejected(rejection.Id.ToLowerInvariant(), rejection.Reason, rejection.Detail ?? rejection.Reason);
        }
        else
        {
            if (writer.RecordBlockRejection(
                rejection.Id.ToLowerInvariant(), rejection.Height, rejection.Reason, rejection.Detail, rejection.Source, rejection.Timestamp.ToUnixTimeMilliseconds()))
            {
                metrics.CandidateRejected(rejection.Reason);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped an unreadable {Topic} record at offset {Offset}: {Error}")]
    private partial void LogUnreadable(string topic, long offset, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consume error while following status topics: {Reason}")]
    private partial void LogConsumeError(string reason);
}
