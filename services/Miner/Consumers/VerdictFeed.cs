using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Ledger;
using AspireChain.Miner.Producers;
using AspireChain.Miner.State;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AspireChain.Miner.Consumers;

/// <summary>
/// Reads the Validator's verdicts on <c>rejections</c> (from the end at start-up; assigned, never committed) and hands
/// each refused candidate to the <see cref="MinerState"/>, so a transfer the Validator named is checked here and dropped
/// when it fails, instead of being carried into every next candidate. The records are hints: the state acts only on
/// what its own checks confirm. A record that does not parse is counted, reported and stepped over.
/// </summary>
internal sealed partial class VerdictFeed(
    KafkaClientFactory factory,
    MinerState state,
    RejectionOutbox rejections,
    UnreadableRecords unreadable,
    ILogger<VerdictFeed> logger) : BackgroundService
{
    // The Validator's resource name (its rejections' source).
    private const string ValidatorSource = "validator";
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MetadataRetry = TimeSpan.FromSeconds(1);

    private volatile bool _reading;
    private long _verdicts;

    /// <summary>True once <c>rejections</c> is assigned (verdicts published from then on are read).</summary>
    public bool IsReading => _reading;

    /// <summary>Verdicts on candidates read so far.</summary>
    public long Verdicts => Interlocked.Read(ref _verdicts);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // librdkafka's Consume blocks: give the loop its own thread rather than a pool thread.
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        // Assigned, never committed: the group id is only required by the client.
        using var consumer = factory.CreateConsumer($"aspirechain-miner-verdicts-{Guid.NewGuid():N}", "verdicts", config =>
        {
            config.AutoOffsetReset = AutoOffsetReset.Latest;
            config.EnableAutoCommit = false;
            config.EnableAutoOffsetStore = false;
        });
        try
        {
            if (!Assign(consumer, stoppingToken))
            {
                return;
            }

            _reading = true;
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false, Message: { } message } result)
                    {
                        Learn(result, message);
                    }
                }
                catch (ConsumeException e)
                {
                    // Nothing here is owed to anyone: a verdict missed only means a candidate carries the transfer once more.
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

    // Assigns each partition at its end, read now: every verdict published after this returns is read. False when stopping.
    private bool Assign(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken)
    {
        using var admin = factory.CreateAdminClient();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var topic = admin.GetMetadata(Topics.Rejections, MetadataTimeout).Topics.SingleOrDefault();
                if (topic is { Error.IsError: false, Partitions.Count: > 0 })
                {
                    consumer.Assign(topic.Partitions
                        .Select(p => new TopicPartition(Topics.Rejections, p.PartitionId))
                        .Select(p => new TopicPartitionOffset(p, consumer.QueryWatermarkOffsets(p, MetadataTimeout).High)));
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

    private void Learn(ConsumeResult<string, byte[]> result, Message<string, byte[]> message)
    {
        if (message.Value is null)
        {
            return;
        }

        if (!Rejection.TryParse(message.Value, out var rejection, out var error))
        {
            unreadable.Report(result.Topic, result.Partition.Value, result.Offset.Value, error);
            return;
        }

        // Transfers refused by miners, stale candidates: nothing to learn. The source is only a filter, never trusted.
        if (rejection is not { Kind: RejectionKinds.Block, Source: ValidatorSource } || !Hash256.TryParse(rejection.Id, out var candidate)
            || !RejectReasonCodes.TryParse(rejection.Reason, out var reason) || reason == RejectReason.Stale)
        {
            return;
        }

        Hash256? named = null;
        if (rejection.Transaction is { } text)
        {
            if (!Hash256.TryParse(text, out var id))
            {
                unreadable.Report(result.Topic, result.Partition.Value, result.Offset.Value, $"'transaction' is not a transaction id: {text[..Math.Min(text.Length, 80)]}");
                return;
            }

            named = id;
        }

        Interlocked.Increment(ref _verdicts);
        var height = rejection.Height is { } h and >= 0 ? (ulong)h : (ulong?)null;
        var refused = state.Verdict(candidate, height, named, reason);
        if (refused.Count > 0)
        {
            LogDropped(logger, refused.Count, rejection.Id, rejection.Reason);
            rejections.Enqueue(refused);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the end of rejections yet: {Reason}")]
    private static partial void LogNoMetadata(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading rejections for verdicts failed: {Reason}")]
    private static partial void LogConsumeFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} transfer(s) that failed this miner's own check after candidate {Candidate} was refused ({Reason})")]
    private static partial void LogDropped(ILogger logger, int count, string candidate, string reason);
}
