using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.ServiceDefaults.Kafka;
using AspireChain.Validator.Validation;
using Confluent.Kafka;

namespace AspireChain.Validator.Consumers;

/// <summary>
/// Reads every partition of <c>transactions</c> from its end at start-up (assigned, never committed) and remembers, in
/// <see cref="VouchedTransfers"/>, each transfer whose record carries ingest's tag under the validators' secret: ingest
/// verified its signature, so a candidate carrying it needs no second verification. Records without a valid tag are
/// passed over (the candidate check verifies them in full; an unreadable one is the miners' to report); a tagged record
/// that does not parse is counted and reported. Runs only when the validators' secret is configured.
/// </summary>
internal sealed partial class VouchFeed(
    KafkaClientFactory factory,
    TransferAttestation attestation,
    VouchedTransfers vouched,
    UnreadableRecords unreadable,
    ILogger<VouchFeed> logger) : BackgroundService
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MetadataRetry = TimeSpan.FromSeconds(1);

    private volatile bool _reading;

    /// <summary>True once every partition of <c>transactions</c> is assigned (what ingest writes from then on is remembered).</summary>
    public bool IsReading => _reading;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        attestation.IsEnabled
            // librdkafka's Consume blocks: give the loop its own thread rather than a pool thread.
            ? Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            : Task.CompletedTask;

    private void Run(CancellationToken stoppingToken)
    {
        // Assigned, never committed: the group id is only required by the client.
        using var consumer = factory.CreateConsumer($"aspirechain-validator-vouches-{Guid.NewGuid():N}", "vouches", config =>
        {
            config.AutoOffsetReset = AutoOffsetReset.Latest;
            config.EnableAutoCommit = false;
            config.EnableAutoOffsetStore = false;
        });
        try
        {
            if (!Assign(consumer, stoppingToken)) return;
            _reading = true;
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false, Message: { } message } result)
                    {
                        Remember(result, message);
                    }
                }
                catch (ConsumeException e)
                {
                    // Nothing here is owed to anyone: a record missed is only verified in full later.
                    LogConsumeFailed(logger, e.Error.Reason);
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

    // Assigns each partition at its end, read now rather than left to the client (which resolves a logical end later,
    // past records written meanwhile): everything written after this returns is read. False when stopping.
    private bool Assign(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken)
    {
        using var admin = factory.CreateAdminClient();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var topic = admin.GetMetadata(Topics.Transactions, MetadataTimeout).Topics.SingleOrDefault();
                if (topic is { Error.IsError: false, Partitions.Count: > 0 })
                {
                    var ends = topic.Partitions
                        .Select(p => new TopicPartition(Topics.Transactions, p.PartitionId))
                        .Select(p => new TopicPartitionOffset(p, consumer.QueryWatermarkOffsets(p, MetadataTimeout).High))
                        .ToList();
                    consumer.Assign(ends);
                    LogReading(logger, ends.Count);
                    return true;
                }
            }
            catch (KafkaException e)
            {
                LogNoMetadata(logger, e.Error.Reason);
            }

            stoppingToken.WaitHandle.WaitOne(MetadataRetry);
        }

        return false;
    }

    private void Remember(ConsumeResult<string, byte[]> result, Message<string, byte[]> message)
    {
        if (!attestation.Vouches(message.Headers, message.Value)) return;
        if (TransactionMessage.TryParse(message.Value, out var submitted, out var error))
        {
            vouched.Add(submitted.Transaction.Id);
            return;
        }

        // Tagged by ingest yet unreadable here: a version mismatch worth seeing, never a reason to stop.
        unreadable.Report(result.Topic, result.Partition.Value, result.Offset.Value, error.ToString());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Remembering transfers ingest vouches for on {Partitions} partitions of transactions")]
    private static partial void LogReading(ILogger logger, int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the ends of transactions yet: {Reason}")]
    private static partial void LogNoMetadata(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading transactions for vouched transfers failed: {Reason}")]
    private static partial void LogConsumeFailed(ILogger logger, string reason);
}
