using System.Diagnostics;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Contracts.Telemetry;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspireChain.Following;

/// <summary>
/// The one way a service follows <c>blocks</c>: reads partition 0 from the offset its <see cref="BlockStore"/> reflects
/// and, for each record, checks before applying anything: the envelope parses, its validator signature verifies against
/// the keys the network pins, and its block passes the consensus rules against this service's own chain (linkage,
/// height, proof of work against the expected target, Merkle root, coinbase amount, balances and nonces; transfer
/// signatures only when <see cref="FollowingOptions.VerifyTransactionSignatures"/> says so). Then the policy: a duplicate
/// changes nothing; a different block at a height already held is a recorded fault; a record that fails the signature or
/// a rule is a recorded fault (metric, fault list, log) and stepped over, never applied; a missing height or an offset the
/// broker does not hold is never skipped: following stops and the health check says why. The one exception is a store
/// whose next offset is below the first one the broker still holds (or a new store, with
/// <see cref="FollowingOptions.PreferSnapshot"/>): it joins from the newest snapshot it can verify
/// (<see cref="SnapshotSource"/>), seeding the store and chain from it, and follows <c>blocks</c> from the snapshot's
/// offset; until a good snapshot is there it waits, saying so. Memory holds the chain's recent window only; with
/// <see cref="FollowingOptions.KeepBlocks"/> the store's history is bounded too.
/// </summary>
public sealed partial class BlocksFollower(
    KafkaClientFactory kafka,
    FollowedChain chain,
    BlockStore store,
    IAppliedBlockHandler handler,
    ChainBootstrap bootstrap,
    CatchUpWaiters waiters,
    FollowerStatus status,
    FollowingTelemetry telemetry,
    IOptions<FollowingOptions> options,
    TimeProvider clock,
    ILogger<BlocksFollower> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromSeconds(5);
    private readonly FollowingOptions _options = options.Value;

    /// <summary>
    /// Completes true once every record that was on <c>blocks</c> when this was called has been handled (so the chain
    /// reflects everything published before); false after <paramref name="timeout"/> or when following is stopped.
    /// </summary>
    public Task<bool> WaitCaughtUpAsync(TimeSpan timeout, CancellationToken cancellationToken) => waiters.WaitAsync(timeout, cancellationToken);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // librdkafka's Consume blocks: the loop gets a thread of its own.
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        try
        {
            var unusable = bootstrap.Restore() ?? handler.Prepare(chain);
            if (unusable is not null)
            {
                Stop(new FollowFault(FollowFault.Store, null, null, null, FollowFault.Store, unusable, Now()));
                stoppingToken.WaitHandle.WaitOne();
                return;
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (!FollowFromCursor(stoppingToken))
                    {
                        // A missing height: it can never arrive later in an append-only log. Stay up, unhealthy, until a human acts.
                        waiters.CompleteAll(false);
                        stoppingToken.WaitHandle.WaitOne();
                        return;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The cursor moves only with what it stands for, so starting over from it loses and repeats nothing.
                    status.Halt($"{e.GetType().Name}: {e.Message}");
                    LogFailed(e);
                    waiters.CompleteAll(false);
                    stoppingToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(5));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            waiters.CompleteAll(false);
        }
    }

    /// <summary>Reads from the stored cursor; false when following must stop for good (a missing height).</summary>
    private bool FollowFromCursor(CancellationToken stoppingToken)
    {
        var next = store.ReadCursor(BlockStore.BlocksCursor) ?? 0;
        status.Started(next);
        LogResuming(next, chain.Height);
        // Assigned, never committed: the group id is only required by the client; the position lives in the store.
        using var consumer = kafka.CreateConsumer($"aspirechain-blocks-follower-{Guid.NewGuid():N}", "blocks", config =>
        {
            // A position the broker does not hold must surface as an error, never a silent jump (reported, never skipped).
            config.AutoOffsetReset = AutoOffsetReset.Error;
            config.EnableAutoCommit = false;
            config.EnableAutoOffsetStore = false;
            // End-of-partition events: the end of the log counts transaction markers that are never delivered.
            config.EnablePartitionEof = true;
        });
        var partition = new TopicPartition(Topics.Blocks, 0);
        if (MustJoin(consumer, partition, next) is { } low)
        {
            if (!bootstrap.JoinFromSnapshot(low, stoppingToken))
            {
                consumer.Close();
                stoppingToken.WaitHandle.WaitOne(_options.SnapshotRetryInterval);
                return true;
            }

            next = store.ReadCursor(BlockStore.BlocksCursor) ?? 0;
            status.Started(next);
            LogResuming(next, chain.Height);
        }

        consumer.Assign(new TopicPartitionOffset(partition, next));
        long endReached = -1;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                waiters.Answer(consumer, partition, endReached);
                var result = consumer.Consume(PollInterval);
                stoppingToken.ThrowIfCancellationRequested();
                if (result is null)
                {
                    UpdateLag(consumer, partition, next);
                    continue;
                }

                if (result.IsPartitionEOF)
                {
                    endReached = result.Offset.Value;
                    status.AtEnd();
                    continue;
                }

                endReached = -1;
                if (status.Halted is not null)
                {
                    // Reading works again (the broker came back with the data): no longer stopped.
                    status.Resume();
                }

                status.Read(result.Offset.Value);
                telemetry.RecordsRead.Add(1);
                if (!Handle(result))
                {
                    return false;
                }

                // Only once the record is handled: "caught up" must never let a miner act on a tip that the record
                // just read is about to move, or on a chain that record is about to stop (a gap).
                UpdateLag(consumer, partition, next);
            }
        }
        catch (ConsumeException e) when (e.Error.Code is ErrorCode.OffsetOutOfRange or ErrorCode.Local_AutoOffsetReset)
        {
            var detail = $"blocks offset {next} is not on the broker ({e.Error.Reason}): this store cannot be continued from the topic";
            if (status.Halted != detail)
            {
                Stop(new FollowFault(FollowFault.OffsetOutOfRange, next, null, null, FollowFault.OffsetOutOfRange, detail, Now()));
            }

            waiters.CompleteAll(false);
            // Tried again later: a broker that comes back with the data lets following resume; nothing is skipped meanwhile.
            stoppingToken.WaitHandle.WaitOne(_options.OffsetRetryInterval);
        }
        finally
        {
            consumer.Close();
        }

        return true;
    }

    // The distance to the end of the log from the consumer's position (the stored cursor before anything was read).
    private void UpdateLag(IConsumer<string, byte[]> consumer, TopicPartition partition, long next)
    {
        var high = consumer.GetWatermarkOffsets(partition).High;
        var position = consumer.Position(partition);
        if (high != Offset.Unset)
        {
            status.Behind(high.Value, position == Offset.Unset ? next : position.Value);
        }
    }

    // The broker's first offset when this store must join from a snapshot: its next offset is gone, or it is new and prefers one.
    private long? MustJoin(IConsumer<string, byte[]> consumer, TopicPartition partition, long next)
    {
        WatermarkOffsets watermarks;
        try
        {
            watermarks = consumer.QueryWatermarkOffsets(partition, WatermarkTimeout);
        }
        catch (KafkaException e)
        {
            LogWatermarkFailed(e.Error.Reason);
            return null;
        }

        var low = watermarks.Low.Value;
        if (next < low)
        {
            return low;
        }

        return bootstrap.IsFreshStore && _options.PreferSnapshot && watermarks.High.Value > 0 ? low : null;
    }

    /// <summary>Verifies and applies, ignores or steps over one record; false when following must stop (a missing height).</summary>
    private bool Handle(ConsumeResult<string, byte[]> result)
    {
        var offset = result.Offset.Value;
        var started = Stopwatch.GetTimestamp();
        // The span continues the trace of the record's producer (the Validator's commit), whatever the record turns out to be.
        using var activity = FollowingTelemetry.Source.StartActivity(
            ChainSpans.BlockApply, ActivityKind.Consumer, KafkaTracing.ExtractActivityContext(result.Message.Headers));
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.destination.name", result.Topic);
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.kafka.offset", offset);

        if (!BlockMessage.TryParse(result.Message.Value, out var record, out var malformed))
        {
            StepOver(activity, new FollowFault(FollowFault.Refused, offset, null, null, malformed.Code, malformed.Detail ?? malformed.Code, Now()));
            return true;
        }

        var accepted = record.Accepted;
        var height = accepted.Height;
        var hash = accepted.Hash.ToString();
        activity?.SetTag(ChainAttributes.BlockHeight, (long)height);
        activity?.SetTag(ChainAttributes.BlockHash, hash);
        activity?.SetTag(ChainAttributes.BlockTransactionCount, accepted.Block.Transactions.Count);

        // The signature first: an unsigned record must not even be able to halt a follower by claiming a far height.
        var signed = accepted.Verify(chain.Network);
        if (!signed.IsValid)
        {
            StepOver(activity, new FollowFault(FollowFault.Refused, offset, (long)height, hash, signed.Code, signed.Detail ?? signed.Code, Now()));
            return true;
        }

        var (tip, held) = chain.Read(c => (c.Height, c.GetHash(height)));
        if (height <= tip)
        {
            // A validator-signed record below the oldest header held (before a snapshot or pruned) cannot conflict with what is held.
            if (held == accepted.Hash || held is null)
            {
                // A replay (headers included): nothing changes but the position.
                store.Advance((BlockStore.BlocksCursor, offset + 1));
                telemetry.Duplicates.Add(1);
                activity?.SetTag(ChainAttributes.BlockVerdict, "duplicate");
                bootstrap.MaybePrune();
                return true;
            }

            StepOver(activity, new FollowFault(FollowFault.Conflict, offset, (long)height, hash, FollowFault.Conflict,
                $"height {height} already holds block {held}; this validator-signed block {hash} differs", Now()));
            return true;
        }

        if (height > tip + 1)
        {
            var detail = $"block {height} arrived at blocks offset {offset} but the tip is {tip}: blocks {tip + 1}..{height - 1} are missing";
            Stop(new FollowFault(FollowFault.Gap, offset, (long)height, hash, RejectReason.BadHeight.ToCode(), detail, Now()));
            activity?.SetStatus(ActivityStatusCode.Error, detail);
            return false;
        }

        var applied = new AppliedBlock(
            accepted,
            offset,
            result.Message.Headers,
            result.Message.Timestamp.Type == TimestampType.NotAvailable ? null : result.Message.Timestamp.UnixTimestampMs);
        var signatures = _options.VerifyTransactionSignatures ? SignatureVerification.Parallel : SignatureVerification.None;
        var verdict = chain.Write(c =>
        {
            // "now" = the block's own time: the Validator checked it against its clock when it accepted the block.
            var rules = c.TryAppend(accepted.Block, accepted.Block.Header.Timestamp, signatures);
            if (!rules.IsValid)
            {
                return rules;
            }

            try
            {
                store.Append(accepted, offset + 1, transaction => handler.Applying(applied, transaction));
            }
            catch
            {
                // Memory must match what the store holds: the block is read again from the unchanged cursor.
                c.RemoveTip();
                throw;
            }

            return ValidationResult.Ok;
        });
        if (!verdict.IsValid)
        {
            StepOver(activity, new FollowFault(FollowFault.Refused, offset, (long)height, hash, verdict.Code, verdict.Detail ?? verdict.Code, Now()));
            return true;
        }

        activity?.SetTag(ChainAttributes.BlockVerdict, "applied");
        handler.Applied(applied);
        bootstrap.MaybePrune();
        telemetry.Applied.Add(1);
        telemetry.ApplyDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        LogApplied(height, hash, accepted.Block.Transactions.Count, offset);
        return true;
    }

    private void StepOver(Activity? activity, FollowFault fault)
    {
        store.RecordFault(fault, fault.Offset + 1);
        status.Fault(fault);
        telemetry.Fault(fault);
        activity?.SetTag(ChainAttributes.BlockVerdict, fault.Kind);
        activity?.SetStatus(ActivityStatusCode.Error, $"{fault.Reason}: {fault.Detail}");
        LogSteppedOver(fault.Kind, fault.Offset, fault.Height, fault.Reason, fault.Detail);
    }

    // Following stops here (never skipped): recorded, counted, logged, unhealthy.
    private void Stop(FollowFault fault)
    {
        store.RecordFault(fault, null);
        telemetry.Fault(fault);
        status.Halt(fault.Detail);
        LogHalted(fault.Kind, fault.Detail);
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(Level = LogLevel.Information, Message = "Following blocks from stored offset {Offset} (tip {Height})")]
    private partial void LogResuming(long offset, ulong height);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Applied block {Height} {Hash} ({Count} transactions) from offset {Offset}")]
    private partial void LogApplied(ulong height, string hash, int count, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stepped over the blocks record at offset {Offset} ({Kind}, height {Height}): {Reason} {Detail}")]
    private partial void LogSteppedOver(string kind, long? offset, long? height, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopped following blocks ({Kind}): {Detail}")]
    private partial void LogHalted(string kind, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Following blocks failed; retrying from the stored offset")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not learn where blocks ends: {Reason}")]
    private partial void LogWatermarkFailed(string reason);
}
