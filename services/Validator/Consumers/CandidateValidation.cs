using System.Diagnostics;
using System.Globalization;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Contracts.Telemetry;
using AspireChain.Following;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults.Kafka;
using AspireChain.Validator.Options;
using AspireChain.Validator.Snapshots;
using AspireChain.Validator.Telemetry;
using AspireChain.Validator.Validation;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using AspireChain.Validator.Identity;
using AspireChain.Validator.AppliedBlocks;

namespace AspireChain.Validator.Consumers;

/// <summary>
/// Judges <c>candidates</c> in log order (group <c>validators</c>: one active replica, the others standby). The first
/// valid block extending the tip is signed (<see cref="AcceptedBlock"/>) and goes to <c>blocks</c>; stale and invalid
/// ones go to <c>rejections</c>. Each verdict is produced in one Kafka transaction with the candidate offset, then
/// stored locally with that offset. Every replica follows <c>blocks</c> continuously through the shared
/// <see cref="BlocksFollower"/>; a replica takes over <c>candidates</c> only once it has read <c>blocks</c> to its end,
/// and leaves the group while its following is stopped (a gap): it never judges on a chain it knows to be incomplete.
/// The verdict itself is <see cref="CandidateJudge"/>'s; this class is the Kafka side: consume, publish
/// transactionally, persist the cursor, retry.
/// </summary>
internal sealed partial class CandidateValidation(
    KafkaClientFactory factory,
    FollowedChain chain,
    BlockStore store,
    CandidatesCursor cursor,
    BlocksFollower follower,
    FollowerStatus following,
    ValidatorSigningKey signingKey,
    SnapshotPublisher snapshots,
    ValidatorTelemetry telemetry,
    CandidateBacklog backlog,
    CandidateJudge judge,
    SignatureChecks signatures,
    IOptions<ValidatorOptions> options,
    TimeProvider time,
    ILogger<CandidateValidation> logger) : BackgroundService
{
    private static readonly TimeSpan TransactionTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly ValidatorOptions _options = options.Value;
    private volatile bool _mustCatchUp = true;

    /// <summary>True while this replica judges <c>candidates</c> (the others are standby).</summary>
    public bool IsActive { get; private set; }

    /// <summary>True once transactions are initialised and <c>blocks</c> was read to its end once.</summary>
    public bool IsReady { get; private set; }

    /// <summary>Why this replica is not judging (standby, catching up before taking over, following stopped); null while active.</summary>
    public string? NotActiveReason { get; private set; } = "starting";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        using var producer = factory.CreateProducer("validator", config => config.TransactionalId = _options.TransactionalId);
        // Fences any older producer with the same transactional.id (a zombie validator) on real Kafka.
        producer.InitTransactions(TransactionTimeout);
        try
        {
            following.CaughtUpOrHalted.Wait(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        IsReady = true;
        using var consumer = factory.CreateConsumer(
            ConsumerGroups.Validators,
            "candidates",
            configureBuilder: builder => builder
                .SetPartitionsAssignedHandler((_, partitions) =>
                {
                    if (partitions.Count == 0)
                    {
                        // A standby: the group gave `candidates` (one partition) to another validator.
                        Standby("standby");
                        return [];
                    }

                    // Judging starts only after catching up on blocks (see TakeOver); until then the partition is paused.
                    _mustCatchUp = true;
                    Standby("catching up on blocks before judging candidates");
                    return partitions.Select(p => new TopicPartitionOffset(p, cursor.Next));
                })
                .SetPartitionsRevokedHandler((_, _) => Standby("standby"))
                .SetPartitionsLostHandler((_, _) => Standby("standby")));
        var subscribed = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (following.Halted is { } halted)
                {
                    // Judging on a chain with a hole would fill heights twice or never: hand candidates to a healthy replica.
                    if (subscribed)
                    {
                        consumer.Unsubscribe();
                        subscribed = false;
                        backlog.Released();
                        LogLeftGroup(logger, halted);
                    }

                    Standby($"following blocks stopped: {halted}");
                    stoppingToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
                    continue;
                }

                if (!subscribed)
                {
                    consumer.Subscribe(Topics.Candidates);
                    subscribed = true;
                    _mustCatchUp = true;
                    Standby("standby");
                }

                if (_mustCatchUp && consumer.Assignment.Count > 0)
                {
                    TakeOver(consumer, stoppingToken);
                }

                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                ObserveBacklog(consumer);
                if (_mustCatchUp)
                {
                    continue; // Not judging yet; TakeOver seeks back to the stored cursor.
                }

                if (result is { IsPartitionEOF: false, Message: not null })
                {
                    Judge(result, consumer, producer, stoppingToken);
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

    // Becomes active only after `blocks` was read to its end: what the previous active validator published is then the
    // chain, and the stored cursor (moved by each signed block) says where it stopped.
    private void TakeOver(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken)
    {
        var assignment = consumer.Assignment;
        backlog.Holding();
        try
        {
            consumer.Pause(assignment);
            if (!follower.WaitCaughtUpAsync(_options.CatchUpTimeout, stoppingToken).GetAwaiter().GetResult())
            {
                LogNotCaughtUp(logger, _options.CatchUpTimeout.TotalSeconds);
                return;
            }

            var next = cursor.Next;
            foreach (var partition in assignment)
            {
                consumer.Seek(new TopicPartitionOffset(partition, next));
            }

            consumer.Resume(assignment);
            _mustCatchUp = false;
            IsActive = true;
            NotActiveReason = null;
            backlog.Released();
            backlog.Judged();
            LogAssigned(logger, next, chain.Height);
        }
        catch (KafkaException e)
        {
            // The assignment is not ready to seek yet (or just moved): the next round tries again.
            LogTakeOverFailed(logger, e.Error.Reason);
        }
    }

    private void Standby(string reason)
    {
        IsActive = false;
        NotActiveReason = reason;
        if (reason == "standby")
        {
            backlog.Released();
        }
    }

    private void ObserveBacklog(IConsumer<string, byte[]> consumer)
    {
        long waiting = 0;
        foreach (var partition in consumer.Assignment)
        {
            var high = consumer.GetWatermarkOffsets(partition).High;
            var position = consumer.Position(partition);
            if (high != Offset.Unset && position != Offset.Unset)
            {
                waiting += Math.Max(0, high.Value - position.Value);
            }
        }

        backlog.Observe(waiting);
    }

    private void Judge(ConsumeResult<string, byte[]> result, IConsumer<string, byte[]> consumer, IProducer<string, byte[]> producer, CancellationToken cancellationToken)
    {
        var nextCandidate = result.Offset.Value + 1;
        if (result.Offset.Value < cursor.Next)
        {
            backlog.Judged();
            return; // Already judged (the stored offset, moved by a signed block, is ahead of what the broker delivered).
        }

        using var process = KafkaTracing.StartProcessActivity(result, ConsumerGroups.Validators, ValidatorTelemetry.Source);
        if (!CandidateMessage.TryParse(result.Message.Value, chain.Network.MaxBlockTransactions, out var candidate, out var error))
        {
            Publish(Reject(result.Message.Key ?? $"offset-{result.Offset.Value}", null, error), result, consumer, producer, cancellationToken);
            return;
        }

        var block = candidate.Block;
        if (chain.Contains(block.Hash))
        {
            // A redelivered candidate that is already the chain: never produced twice.
            cursor.Advance(nextCandidate);
            backlog.Judged();
            return;
        }

        var verdict = ValidationResult.Ok;
        var published = chain.Write(c =>
        {
            // Judged and appended in one pass: every rule once, signatures last (the judge verifies every one itself).
            verdict = Validate(c, block, time.GetUtcNow().ToUnixTimeMilliseconds());
            if (!verdict.IsValid)
            {
                return false;
            }

            // Signed and published while the chain is held, so the follower never sees a tip that is not (yet) on blocks.
            var accepted = AcceptedBlock.Sign(block, nextCandidate, signingKey.Key, c.Network);
            if (Commit(accepted, result, consumer, producer, cancellationToken) is not { } producedOffset)
            {
                c.RemoveTip();
                return false;
            }

            // The state after this height, captured while the chain is held; signed and published off this thread.
            snapshots.OfferAccepted(c, producedOffset + 1);

            try
            {
                // The blocks cursor is left to the follower, which reads this record back as a duplicate.
                store.Append(accepted, null, transaction => BlockStore.WriteCursor(transaction, CandidatesCursor.Name, nextCandidate));
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                // On blocks but not stored: forget it here, and the follower applies (and stores) it when it reads it back.
                LogStoreFailed(logger, e, block.Height);
                c.RemoveTip();
            }

            return true;
        });

        if (verdict.IsValid)
        {
            if (published)
            {
                telemetry.Accepted.Add(1);
                backlog.Judged();
                LogAccepted(logger, block.Height, block.Hash.ToString(), block.Transactions.Count - 1);
            }
            else
            {
                RetryLater(result, consumer, cancellationToken);
            }

            return;
        }

        if (verdict.Reason == RejectReason.Stale)
        {
            telemetry.Stale.Add(1);
        }
        else
        {
            telemetry.Invalid.Add(1, new KeyValuePair<string, object?>(ChainAttributes.RejectionReason, verdict.Code));
        }

        LogRejected(logger, block.Height, block.Hash.ToString(), verdict.ToString());
        Publish(Reject(block.Hash.ToString(), block.Height, verdict), result, consumer, producer, cancellationToken);
    }

    private ValidationResult Validate(Ledger.Chain target, Block block, long now)
    {
        using var activity = ValidatorTelemetry.Source.StartActivity(ChainSpans.BlockValidate);
        activity?.SetTag(ChainAttributes.BlockHeight, block.Height);
        activity?.SetTag(ChainAttributes.BlockHash, block.Hash.ToString());
        activity?.SetTag(ChainAttributes.BlockTransactionCount, block.Transactions.Count);
        activity?.SetTag(ChainAttributes.BlockMiner, block.Header.Miner.ToString());
        var started = Stopwatch.GetTimestamp();
        var verifiedBefore = judge.SignaturesVerified;
        var verdict = judge.JudgeAndAppend(target, block, now);
        telemetry.ValidationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        signatures.Record(0, judge.SignaturesVerified - verifiedBefore);
        activity?.SetTag(ChainAttributes.BlockVerdict, verdict.IsValid ? "accepted" : verdict.Code);
        activity?.SetTag(ChainAttributes.BlockStale, verdict.Reason == RejectReason.Stale);
        if (!verdict.IsValid && verdict.Reason != RejectReason.Stale)
        {
            activity?.SetStatus(ActivityStatusCode.Error, verdict.ToString());
        }

        return verdict;
    }

    private Rejection Reject(string id, ulong? height, ValidationResult verdict) => new(
        RejectionKinds.Block,
        id,
        height is { } h ? (long)h : null,
        verdict.Code,
        verdict.Detail,
        ValidatorIdentity.Source,
        time.GetUtcNow(),
        verdict.Transaction?.ToString());

    /// <summary>Publishes the signed block with the candidate offset in one Kafka transaction: its <c>blocks</c> offset, or null (aborted) on failure.</summary>
    private long? Commit(AcceptedBlock accepted, ConsumeResult<string, byte[]> result, IConsumer<string, byte[]> consumer, IProducer<string, byte[]> producer, CancellationToken cancellationToken)
    {
        using var activity = ValidatorTelemetry.Source.StartActivity(ChainSpans.BlockCommit);
        activity?.SetTag(ChainAttributes.BlockHeight, accepted.Height);
        activity?.SetTag(ChainAttributes.BlockHash, accepted.Hash.ToString());
        // The carried-over headers are informational only (display): whatever consensus needs is inside the signed value.
        var message = new BlockMessage(accepted).ToMessage(result.Message.Headers, time.GetUtcNow());
        return Transact(Topics.Blocks, message, activity, result, consumer, producer, cancellationToken);
    }

    /// <summary>Publishes a rejection with the candidate offset in one Kafka transaction, then stores the offset; on failure the candidate is judged again.</summary>
    private void Publish(Rejection rejection, ConsumeResult<string, byte[]> result, IConsumer<string, byte[]> consumer, IProducer<string, byte[]> producer, CancellationToken cancellationToken)
    {
        if (Transact(Topics.Rejections, rejection.ToMessage(), null, result, consumer, producer, cancellationToken) is not null)
        {
            cursor.Advance(result.Offset.Value + 1);
            backlog.Judged();
        }
        else
        {
            RetryLater(result, consumer, cancellationToken);
        }
    }

    /// <summary>Produces <paramref name="message"/> with the candidate offset in one Kafka transaction: the produced offset, or null (aborted).</summary>
    private long? Transact(
        string topic,
        Message<string, byte[]> message,
        Activity? activity,
        ConsumeResult<string, byte[]> result,
        IConsumer<string, byte[]> consumer,
        IProducer<string, byte[]> producer,
        CancellationToken cancellationToken)
    {
        try
        {
            producer.BeginTransaction();
            var produced = producer.ProduceTracedAsync(topic, message, cancellationToken).GetAwaiter().GetResult().Offset.Value;
            producer.SendOffsetsToTransaction([new TopicPartitionOffset(result.TopicPartition, result.Offset.Value + 1)], consumer.ConsumerGroupMetadata, TransactionTimeout);
            producer.CommitTransaction(TransactionTimeout);
            return produced;
        }
        catch (Exception e) when (e is KafkaException or ProduceException<string, byte[]>)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            LogPublishFailed(logger, e, result.Offset.Value);
            TryAbort(producer);
            if (e is KafkaException { Error.IsFatal: true })
            {
                throw; // Fenced or broken beyond repair: let the host stop and the supervisor restart us.
            }

            return null;
        }
    }

    // Judges the same candidate again after a pause, once the follower has read what the failed commit may have published
    // anyway (an ambiguous failure): a block that did land is then the chain, and the candidate a redelivery.
    private void RetryLater(ConsumeResult<string, byte[]> result, IConsumer<string, byte[]> consumer, CancellationToken cancellationToken)
    {
        cancellationToken.WaitHandle.WaitOne(RetryDelay);
        follower.WaitCaughtUpAsync(_options.CatchUpTimeout, cancellationToken).GetAwaiter().GetResult();
        consumer.Seek(result.TopicPartitionOffset);
    }

    private void TryAbort(IProducer<string, byte[]> producer)
    {
        try
        {
            producer.AbortTransaction(TransactionTimeout);
        }
        catch (KafkaException e)
        {
            LogAbortFailed(logger, e, e.Error.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Active on candidates from offset {Offset}, tip {Height}")]
    private static partial void LogAssigned(ILogger logger, long offset, ulong height);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Assigned candidates but blocks was not read to its end within {Seconds} s: not judging yet")]
    private static partial void LogNotCaughtUp(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Taking over candidates failed ({Reason}); trying again")]
    private static partial void LogTakeOverFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Left the validators group: following blocks stopped ({Reason})")]
    private static partial void LogLeftGroup(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted block {Height} {Hash} with {Count} transactions")]
    private static partial void LogAccepted(ILogger logger, ulong height, string hash, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected candidate {Height} {Hash}: {Verdict}")]
    private static partial void LogRejected(ILogger logger, ulong height, string hash, string verdict);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the verdict on candidate offset {Offset} failed; it will be judged again")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, long offset);

    [LoggerMessage(Level = LogLevel.Error, Message = "Block {Height} is on blocks but could not be stored; the follower will store it when it reads it back")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, ulong height);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Aborting the Kafka transaction failed: {Reason}")]
    private static partial void LogAbortFailed(ILogger logger, Exception exception, string reason);
}
