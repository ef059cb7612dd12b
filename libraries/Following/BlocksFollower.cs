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
    SnapshotSource snapshots,
    FollowerStatus status,
    FollowingTelemetry telemetry,
    IOptions<FollowingOptions> options,
    TimeProvider clock,
    ILogger<BlocksFollower> logger) : BackgroundService
{
    // Blocks between two moves of an archive's base: what a restart replays at most.
    private const ulong BaseInterval = 256;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromSeconds(5);
    private readonly FollowingOptions _options = options.Value;
    private readonly Lock _waitGate = new();
    private readonly List<CatchUpRequest> _waiting = [];
    private bool _freshStore;
    private ulong _storeBase;

    /// <summary>
    /// Completes true once every record that was on <c>blocks</c> when this was called has been handled (so the chain
    /// reflects everything published before); false after <paramref name="timeout"/> or when following is stopped.
    /// </summary>
    public async Task<bool> WaitCaughtUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (status.Halted is not null)
        {
            return false;
        }

        var request = new CatchUpRequest();
        lock (_waitGate)
        {
            _waiting.Add(request);
        }

        try
        {
            return await request.Completion.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            lock (_waitGate)
            {
                _waiting.Remove(request);
            }
        }
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // librdkafka's Consume blocks: the loop gets a thread of its own.
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        try
        {
            _freshStore = store.IsEmpty;
            var unusable = Restore() ?? handler.Prepare(chain);
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
                        CompleteWaiting(false);
                        stoppingToken.WaitHandle.WaitOne();
                        return;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The cursor moves only with what it stands for, so starting over from it loses and repeats nothing.
                    status.Halt($"{e.GetType().Name}: {e.Message}");
                    LogFailed(e);
                    CompleteWaiting(false);
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
            CompleteWaiting(false);
        }
    }

    // Rebuilds the chain from the store (every rule again but transfer signatures: they were checked before storing).
    private string? Restore()
    {
        if (store.ReadBase() is { } stored)
        {
            // The state the store starts from (a snapshot it joined from, or where its bounded history begins).
            if (!ChainSnapshot.TryRead(stored.Snapshot, out var start, out var unreadable) || !(unreadable = start.Check(chain.Network)).IsValid)
            {
                return $"the store's base state is unusable ({unreadable}); delete {store.Path} to join again";
            }

            chain.Reset(new Ledger.Chain(chain.Network, start));
            _storeBase = start.Height;
            if (stored.JoinedHeight is { } joined)
            {
                status.Joined((ulong)joined);
            }
        }

        var envelopes = store.ReadBlocks(_storeBase);
        var restored = chain.Write(c =>
        {
            var count = 0;
            foreach (var envelope in envelopes)
            {
                if (!BlockStore.TryReadEnvelope(envelope, out var accepted, out var error))
                {
                    return (count, $"the store's block at height {c.Height + 1} is unreadable ({error}); delete {store.Path} to follow blocks from the start");
                }

                if (accepted.Height <= c.Height)
                {
                    continue; // History kept below the base: already reflected in its state.
                }

                var result = c.TryAppend(accepted.Block, accepted.Block.Header.Timestamp, SignatureVerification.None);
                if (!result.IsValid)
                {
                    return (count, $"the store's block {accepted.Height} {accepted.Hash} does not extend its chain ({result}); is it another network's? Delete {store.Path} to follow blocks from the start");
                }

                count++;
            }

            return (count, (string?)null);
        });
        status.Restored(restored.count);
        LogRestored(restored.count, chain.Height);
        return restored.Item2;
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
            if (!JoinFromSnapshot(low, stoppingToken))
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
                AnswerWaiting(consumer, partition, endReached);
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

            CompleteWaiting(false);
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

        return _freshStore && _options.PreferSnapshot && watermarks.High.Value > 0 ? low : null;
    }

    // Seeds store and chain from the newest verifiable snapshot; false (and waiting reported) while there is none.
    private bool JoinFromSnapshot(long low, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        var found = snapshots.FindNewest(low, fault =>
        {
            store.RecordFault(fault, null);
            status.Fault(fault);
            telemetry.Fault(fault);
            LogSnapshotRefused(fault.Offset, fault.Reason, fault.Detail);
        }, stoppingToken);
        if (found is not { } joined)
        {
            var reason = $"blocks now starts at offset {low}";
            if (status.WaitingForSnapshot != reason)
            {
                LogWaitingForSnapshot(low);
            }

            // Not stopped for good any more: waiting for a snapshot (Degraded, "syncing"), not a halt.
            status.Resume();
            status.AwaitingSnapshot(reason);
            return false;
        }

        var (snapshot, manifest) = joined;
        var seeded = new Ledger.Chain(chain.Network, snapshot);
        store.Seed(snapshot, manifest.BlocksOffset, transaction => handler.Seeding(snapshot, manifest.BlocksOffset, transaction));
        chain.Reset(seeded);
        _storeBase = snapshot.Height;
        _freshStore = false;
        status.Joined(snapshot.Height);
        telemetry.SnapshotsJoined.Add(1);
        LogJoined(snapshot.Height, manifest.TipHash.ToString(), snapshot.Accounts.Count, manifest.TotalBytes, manifest.BlocksOffset,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return true;
    }

    // Moves the store's base to the tip every so often, so a restart replays a bounded number of blocks, and bounds the
    // history the store keeps (Following:KeepBlocks; 0 keeps it all). Memory needs no such step: the chain holds its
    // recent window only, whatever the store keeps.
    private void MaybePrune()
    {
        var keep = (ulong)Math.Max(0, _options.KeepBlocks);
        // With a bound, in steps of half of it, so the base is rewritten every keep/2 blocks rather than every block.
        var step = keep == 0 ? BaseInterval : Math.Max(1, keep / 2);
        chain.Write(c =>
        {
            if (c.Height < _storeBase + keep + step)
            {
                return 0;
            }

            var keepFrom = keep == 0 ? 0 : c.Height + 1 - keep;
            var deleted = store.Prune(c.ToSnapshot(), keepFrom);
            _storeBase = c.Height;
            LogPruned(deleted, keepFrom);
            return deleted;
        });
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
                MaybePrune();
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
        MaybePrune();
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

    // On the consume thread: learns where the log ends for new requests and answers those whose end has been handled.
    private void AnswerWaiting(IConsumer<string, byte[]> consumer, TopicPartition partition, long endReached)
    {
        List<CatchUpRequest> waiting;
        lock (_waitGate)
        {
            if (_waiting.Count == 0)
            {
                return;
            }

            waiting = [.. _waiting];
        }

        if (waiting.Any(r => r.Target is null))
        {
            long end;
            try
            {
                end = consumer.QueryWatermarkOffsets(partition, WatermarkTimeout).High.Value;
            }
            catch (KafkaException e)
            {
                LogWatermarkFailed(e.Error.Reason);
                return;
            }

            foreach (var request in waiting.Where(r => r.Target is null))
            {
                request.Target = end;
            }
        }

        // Records before the position have been handled (Handle runs on this thread right after Consume).
        var position = consumer.Position(partition);
        var handled = Math.Max(endReached, position == Offset.Unset ? -1 : position.Value);
        foreach (var request in waiting.Where(r => r.Target is { } target && handled >= target))
        {
            request.Completion.TrySetResult(true);
        }
    }

    private void CompleteWaiting(bool caughtUp)
    {
        lock (_waitGate)
        {
            foreach (var request in _waiting)
            {
                request.Completion.TrySetResult(caughtUp);
            }
        }
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Count} block(s) from the store (tip {Height})")]
    private partial void LogRestored(int count, ulong height);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused the snapshot record at snapshots offset {Offset}: {Reason} {Detail}")]
    private partial void LogSnapshotRefused(long? offset, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "blocks now starts at offset {Low}, after this store's position: waiting for a verifiable snapshot to join from")]
    private partial void LogWaitingForSnapshot(long low);

    [LoggerMessage(Level = LogLevel.Information, Message = "Joined from snapshot {Height} {Hash}: {Accounts} accounts, {Bytes} bytes; following blocks from offset {Offset} ({Ms:F0} ms)")]
    private partial void LogJoined(ulong height, string hash, int accounts, long bytes, long offset, double ms);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pruned {Count} stored block(s) below height {KeepFrom}")]
    private partial void LogPruned(int count, ulong keepFrom);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not learn where blocks ends: {Reason}")]
    private partial void LogWatermarkFailed(string reason);

    private sealed class CatchUpRequest
    {
        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long? Target { get; set; }
    }
}
