using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Contracts.Telemetry;
using AspireChain.Miner.Mining;
using AspireChain.Miner.Options;
using AspireChain.Miner.Pool;
using AspireChain.Miner.Producers;
using AspireChain.Miner.State;
using AspireChain.Miner.Telemetry;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AspireChain.Miner.Consumers;

/// <summary>
/// Reads this replica's share of <c>transactions</c> (group <c>miners</c>) into the <see cref="MinerState"/>, which
/// decides what each record becomes, and publishes the rejections it decides. Assigned partitions start at the
/// committed offset while the broker holds it, else at the log start with the gap reported as records lost (never a
/// silent jump); revoked ones are committed up to their first unsettled transaction, then forgotten. The mempool's size
/// pauses and resumes the partitions. A record that does not parse, or whose key is not its sender's address (ingest
/// never writes one), is counted in <see cref="UnreadableRecords"/>, logged and stepped over.
/// </summary>
internal sealed partial class TransactionFeed(
    KafkaClientFactory factory,
    MinerState state,
    RejectionOutbox rejections,
    TransferAttestation attestation,
    SignatureChecks signatures,
    RetentionLoss retention,
    UnreadableRecords unreadable,
    MiningSignal signal,
    IOptions<MinerOptions> options,
    TimeProvider time,
    ILogger<TransactionFeed> logger) : BackgroundService
{
    private readonly MinerOptions _options = options.Value;
    private readonly Dictionary<int, long> _committed = [];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // librdkafka's Consume blocks: give the loop its own thread rather than a pool thread.
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        using var consumer = factory.CreateConsumer(
            ConsumerGroups.Miners,
            "transactions",
            // A committed offset the broker no longer holds is an error to report, never a silent reset.
            config => config.AutoOffsetReset = AutoOffsetReset.Error,
            builder => builder
                .SetPartitionsAssignedHandler((c, partitions) =>
                {
                    state.PartitionsAssigned(partitions.Select(p => p.Partition.Value));
                    LogAssigned(logger, string.Join(',', partitions.Select(p => p.Partition.Value)));
                    return retention.StartOffsets(c, partitions, ConsumerGroups.Miners);
                })
                .SetPartitionsRevokedHandler((c, partitions) =>
                {
                    var revoked = partitions.Select(p => p.Partition.Value).ToHashSet();
                    Commit(c, revoked);
                    state.PartitionsRevoked(revoked);
                    foreach (var partition in revoked)
                    {
                        _committed.Remove(partition);
                    }

                    LogRevoked(logger, string.Join(',', revoked));
                })
                .SetPartitionsLostHandler((_, partitions) =>
                {
                    // Lost, not revoked: another member may already own them, so committing now could overwrite its progress.
                    state.PartitionsRevoked(partitions.Select(p => p.Partition.Value));
                    foreach (var partition in partitions)
                    {
                        _committed.Remove(partition.Partition.Value);
                    }
                }));
        consumer.Subscribe(Topics.Transactions);
        var nextCommit = DateTime.UtcNow + _options.CommitInterval;
        var paused = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                paused = ApplyFlowControl(consumer, paused);
                ConsumeResult<string, byte[]>? result;
                try
                {
                    result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                }
                catch (ConsumeException e) when (RetentionLoss.IsOffsetReset(e))
                {
                    // Retention removed records ahead of the position: join again, and the assignment reports what is gone.
                    LogOffsetGone(logger, e.ConsumerRecord?.TopicPartitionOffset?.ToString() ?? "?", e.Error.Reason);
                    consumer.Unsubscribe();
                    consumer.Subscribe(Topics.Transactions);
                    continue;
                }

                if (result is { IsPartitionEOF: false, Message: not null })
                {
                    Admit(result);
                }

                if (DateTime.UtcNow >= nextCommit)
                {
                    Commit(consumer, null);
                    nextCommit = DateTime.UtcNow + _options.CommitInterval;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            Commit(consumer, null);
            consumer.Close();
        }
    }

    private bool ApplyFlowControl(IConsumer<string, byte[]> consumer, bool paused)
    {
        var count = state.Unsettled;
        if (count >= _options.MaxMempoolTransactions)
        {
            // Re-pausing is cheap and covers partitions assigned since the last pause.
            consumer.Pause(consumer.Assignment);
            return true;
        }

        if (paused && count < _options.MaxMempoolTransactions * 9 / 10)
        {
            consumer.Resume(consumer.Assignment);
            return false;
        }

        return paused;
    }

    private void Admit(ConsumeResult<string, byte[]> result)
    {
        var partition = result.Partition.Value;
        using var activity = KafkaTracing.StartProcessActivity(result, ConsumerGroups.Miners, MinerTelemetry.Source);
        if (!TransactionMessage.TryParse(result.Message.Value, out var submitted, out var error))
        {
            // Ingest never produces this; nothing can be mined or rejected by id, so it only must not block the offset.
            unreadable.Report(result.Topic, partition, result.Offset.Value, error.ToString());
            LogUnreadable(logger, partition, result.Offset.Value, error.ToString());
            state.Skip(partition, result.Offset.Value);
            return;
        }

        var transaction = submitted.Transaction;
        var sender = TransactionMessage.KeyOf(transaction);
        if (!string.Equals(result.Message.Key, sender, StringComparison.Ordinal))
        {
            // Ingest keys every record by its sender, so this one was written or copied by something else. Admitting it
            // would put a sender's transfers on two partitions (two miners racing one nonce); rejecting its id could mark
            // the genuine copy on the right partition rejected. So it is stepped over like an unreadable record.
            var misplaced = $"key '{Shorten(result.Message.Key)}' is not the sender's address {sender}";
            activity?.SetTag(ChainAttributes.TransactionId, transaction.Id.ToString());
            unreadable.Report(result.Topic, partition, result.Offset.Value, misplaced);
            LogMisplaced(logger, transaction.Id.ToString(), partition, result.Offset.Value, misplaced);
            state.Skip(partition, result.Offset.Value);
            return;
        }

        var pending = new PendingTransaction(
            transaction,
            partition,
            result.Offset.Value,
            activity?.Context ?? KafkaTracing.ExtractActivityContext(result.Message.Headers),
            time.GetUtcNow());
        activity?.SetTag(ChainAttributes.TransactionId, transaction.Id.ToString());

        // Ingest's tag says it verified this signature; a record without a valid one is verified here in full.
        var attested = attestation.Attests(result.Message.Key, result.Message.Headers, result.Message.Value);
        signatures.Record(attested, activity);
        var admitted = state.Admit(pending, attested);
        if (admitted.Refusal is { } reason)
        {
            activity?.SetTag(ChainAttributes.RejectionReason, reason);
        }

        rejections.Enqueue(admitted.Rejections);
        if (admitted.TemplateFull)
        {
            signal.Nudge();
        }
    }

    // A key is echoed into logs and the recent unreadable records: bounded, since anything that reaches the broker chooses it.
    private static string Shorten(string? key) => key is null ? "(none)" : key.Length > 64 ? key[..64] + "…" : key;

    private void Commit(IConsumer<string, byte[]> consumer, IReadOnlyCollection<int>? only)
    {
        var offsets = state.CommittableOffsets(only)
            .Where(p => !_committed.TryGetValue(p.Partition, out var done) || done != p.Offset)
            .Select(p => new TopicPartitionOffset(Topics.Transactions, p.Partition, p.Offset))
            .ToList();
        if (offsets.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(offsets);
            foreach (var offset in offsets)
            {
                _committed[offset.Partition.Value] = offset.Offset.Value;
            }
        }
        catch (KafkaException e)
        {
            // Retried on the next interval; an older committed offset only means re-reading settled transactions.
            LogCommitFailed(logger, e, e.Error.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Assigned transactions partitions {Partitions}")]
    private static partial void LogAssigned(ILogger logger, string partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked transactions partitions {Partitions}")]
    private static partial void LogRevoked(ILogger logger, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unreadable transaction at partition {Partition} offset {Offset}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transaction {Id} at partition {Partition} offset {Offset} stepped over: {Reason}")]
    private static partial void LogMisplaced(ILogger logger, string id, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Committing transactions offsets failed: {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The position {Position} left the log ({Reason}): joining the group again")]
    private static partial void LogOffsetGone(ILogger logger, string position, string reason);
}
