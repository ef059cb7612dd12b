using System.Diagnostics;
using System.Text;
using AspireChain.ChainQuery.Live;
using AspireChain.ChainQuery.Storage;
using AspireChain.ChainQuery.Telemetry;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AspireChain.ChainQuery.Following;

/// <summary>
/// Reads <c>blocks</c> partition 0 from the offset stored in the read model (never from 0 on every start),
/// checks each block's linkage and applies it in one SQLite transaction with the next offset. Duplicates are
/// ignored; refused blocks are recorded and passed; a height gap or a lost offset stops following and is
/// reported unhealthy, never skipped.
/// </summary>
public sealed partial class BlocksFollower(
    KafkaClientFactory kafka,
    ReadModelWriter writer,
    NetworkParameters network,
    BlockFeed feed,
    BlocksFollowState state,
    ChainQueryTelemetry telemetry,
    ChainMetrics metrics,
    TimeProvider clock,
    ILogger<BlocksFollower> logger) : BackgroundService
{
    /// <summary>Consumer group id the blocks consumer carries; it never joins the group or commits (offsets live in SQLite).</summary>
    public const string GroupId = "chainquery-blocks";

    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(500);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Consume blocks its thread; keep it off the thread pool.
        Task.Factory.StartNew(() => Follow(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Follow(CancellationToken stoppingToken)
    {
        try
        {
            if (!StoreGenesis())
            {
                stoppingToken.WaitHandle.WaitOne();
                return;
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    FollowFromStoredOffset(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The cursor moves only with a committed block, so starting over from it loses and repeats nothing.
                    state.Halt($"{e.GetType().Name}: {e.Message}");
                    LogFailed(e);
                    stoppingToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(5));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Stores the deterministic genesis on a fresh store, and refuses a store built for another network.</summary>
    private bool StoreGenesis()
    {
        var genesis = Genesis.Create(network);
        var storedGenesis = writer.HashAt(0);
        if (storedGenesis is null)
        {
            writer.Apply(BlockProjection.ToStored(genesis), Encoding.UTF8.GetString(genesis.ToJson()), sourceOffset: null);
            metrics.Refresh();
            return true;
        }

        if (storedGenesis == genesis.Hash.ToString())
        {
            return true;
        }

        var detail = $"the store's genesis {storedGenesis} is not this network's ({network.Name}) genesis {genesis.Hash}";
        writer.RecordFault(new FollowFault("genesis-mismatch", null, 0, storedGenesis, "genesis-mismatch", detail, Now()), consumedOffset: null);
        state.Halt(detail);
        LogHalted(detail);
        return false;
    }

    private void FollowFromStoredOffset(CancellationToken stoppingToken)
    {
        var next = writer.NextBlocksOffset();
        state.Started(next);
        LogResuming(next);
        using var consumer = kafka.CreateConsumer(GroupId, "blocks", config =>
        {
            // A position the broker no longer holds must surface as an error, not silently jump to the log end.
            config.AutoOffsetReset = AutoOffsetReset.Error;
            config.EnableAutoCommit = false;
            config.EnableAutoOffsetStore = false;
        });
        consumer.Assign(new TopicPartitionOffset(Topics.Blocks, 0, next));
        try
        {
            var partition = new TopicPartition(Topics.Blocks, 0);
            while (!stoppingToken.IsCancellationRequested)
            {
                // A bounded wait so the lag stays current while the chain is idle.
                var result = consumer.Consume(IdlePoll);
                stoppingToken.ThrowIfCancellationRequested();
                // Both are local reads of what the last fetch reported; the position also steps over transaction markers.
                var high = consumer.GetWatermarkOffsets(partition).High;
                var position = consumer.Position(partition);
                if (high != Offset.Unset)
                {
                    state.Behind(high.Value, position == Offset.Unset ? next : position.Value);
                }

                if (result?.Message is null)
                {
                    continue;
                }

                state.Read(result.Offset.Value);
                if (state.Halted is not null)
                {
                    // Reading works again (the broker came back with the data): no longer halted.
                    state.Resume();
                }

                telemetry.RecordsRead.Add(1);
                if (!Handle(result))
                {
                    stoppingToken.WaitHandle.WaitOne();
                    return;
                }
            }
        }
        catch (ConsumeException e) when (e.Error.Code is ErrorCode.OffsetOutOfRange or ErrorCode.Local_AutoOffsetReset)
        {
            var detail = $"offset {next} is not on the broker ({e.Error.Reason}); the read model cannot be continued from the topic";
            if (state.Halted != detail)
            {
                writer.RecordFault(new FollowFault("offset-out-of-range", next, null, null, "offset-out-of-range", detail, Now()), consumedOffset: null);
                state.Halt(detail);
                LogHalted(detail);
            }

            // Retry later: a broker that comes back with the data lets following resume; nothing is skipped meanwhile.
            stoppingToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(10));
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>Applies, ignores or refuses one record; false when following must stop (a gap).</summary>
    private bool Handle(ConsumeResult<string, byte[]> result)
    {
        var offset = result.Offset.Value;
        // The span continues the trace of the block's producer (the Validator's commit).
        using var activity = ChainQueryTelemetry.Source.StartActivity(
            "block.apply", ActivityKind.Consumer, KafkaTracing.ExtractActivityContext(result.Message.Headers));
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.destination.name", result.Topic);
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.kafka.offset", offset);

        var started = Stopwatch.GetTimestamp();
        if (!Block.TryParseJson(result.Message.Value, out var block, out var malformed))
        {
            Refuse(activity, offset, null, null, malformed);
            return true;
        }

        var height = (long)block.Header.Height;
        var hash = block.Hash.ToString();
        activity?.SetTag("block.height", height);
        activity?.SetTag("block.hash", hash);
        activity?.SetTag("block.tx_count", block.Transactions.Count);

        var tip = writer.Tip() ?? throw new InvalidOperationException("Genesis is stored before following starts.");
        var storedHash = height <= tip.Height ? writer.HashAt(height) : null;
        var (verdict, reason) = BlockLinkage.Judge(block, tip, storedHash);
        activity?.SetTag("block.verdict", verdict.ToString());
        switch (verdict)
        {
            case LinkageVerdict.Duplicate:
                writer.Apply(BlockProjection.ToStored(block), string.Empty, offset);
                telemetry.BlocksDuplicate.Add(1);
                return true;

            case LinkageVerdict.Gap:
                writer.RecordFault(new FollowFault("gap", offset, height, hash, reason.Code, reason.Detail ?? reason.Code, Now()), consumedOffset: null);
                state.Halt(reason.Detail ?? reason.Code);
                activity?.SetStatus(ActivityStatusCode.Error, reason.Detail);
                LogHalted(reason.Detail ?? reason.Code);
                return false;

            case LinkageVerdict.Refused:
                Refuse(activity, offset, height, hash, reason);
                return true;

            default:
                if (block.Transactions.Any(tx => !BlockProjection.TryToStored(tx, out _)))
                {
                    // Total supply keeps real amounts far below 2^63; such a block cannot be valid.
                    Refuse(activity, offset, height, hash, ValidationResult.Fail(RejectReason.AmountOverflow, "an amount exceeds 2^63 - 1"));
                    return true;
                }

                var stored = BlockProjection.ToStored(block);
                // The headers are informational (display only); the Kafka timestamp is when the Validator committed it.
                var committedAtMs = result.Message.Timestamp.Type == TimestampType.NotAvailable ? (long?)null : result.Message.Timestamp.UnixTimestampMs;
                var application = writer.Apply(stored, Encoding.UTF8.GetString(result.Message.Value), offset, BlockProvenance.Read(result.Message.Headers), committedAtMs);
                telemetry.BlocksApplied.Add(1);
                metrics.BlockApplied(stored, application.ConfirmationSeconds);
                telemetry.ApplyDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                feed.Publish(BlockProjection.Summarize(stored));
                LogApplied(height, hash, block.Transactions.Count, offset);
                return true;
        }
    }

    private void Refuse(Activity? activity, long offset, long? height, string? hash, ValidationResult reason)
    {
        writer.RecordFault(new FollowFault("refused", offset, height, hash, reason.Code, reason.Detail ?? reason.Code, Now()), consumedOffset: offset);
        telemetry.BlocksRefused.Add(1);
        activity?.SetStatus(ActivityStatusCode.Error, reason.ToString());
        LogRefused(offset, height, reason.Code, reason.Detail);
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(Level = LogLevel.Information, Message = "Following blocks from stored offset {Offset}")]
    private partial void LogResuming(long offset);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Applied block {Height} {Hash} ({TxCount} txs) from offset {Offset}")]
    private partial void LogApplied(long height, string hash, int txCount, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused the blocks record at offset {Offset} (height {Height}): {Reason} {Detail}")]
    private partial void LogRefused(long offset, long? height, string reason, string? detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Following blocks failed; retrying from the stored offset")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopped following blocks: {Detail}")]
    private partial void LogHalted(string detail);
}
