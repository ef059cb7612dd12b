using System.Diagnostics;
using System.Globalization;
using System.Text;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults.Kafka;
using AspireChain.Validator.Chain;
using AspireChain.Validator.Options;
using AspireChain.Validator.Telemetry;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AspireChain.Validator.Validation;

/// <summary>
/// Judges <c>candidates</c> in log order (group <c>validators</c>: one active replica, the others standby). The first
/// valid block extending the tip goes to <c>blocks</c>; stale and invalid ones go to <c>rejections</c>. Each verdict is
/// produced in one Kafka transaction with the candidate offset, then stored locally with that offset, which is where a
/// restart resumes (the embedded broker does not keep transactional offsets).
/// </summary>
internal sealed partial class CandidateValidation(
    KafkaClientFactory factory,
    ValidatorChain chain,
    BlocksCatchUp catchUp,
    ValidatorTelemetry telemetry,
    IOptions<ValidatorOptions> options,
    TimeProvider time,
    ILogger<CandidateValidation> logger) : BackgroundService
{
    private static readonly TimeSpan TransactionTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly ValidatorOptions _options = options.Value;

    /// <summary>True while this replica owns <c>candidates</c> (the others are standby).</summary>
    public bool IsActive { get; private set; }

    /// <summary>True once transactions are initialised and the start-up catch-up on <c>blocks</c> is done.</summary>
    public bool IsReady { get; private set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        using var producer = factory.CreateProducer("validator", config => config.TransactionalId = _options.TransactionalId);
        // Fences any older producer with the same transactional.id (a zombie validator) on real Kafka.
        producer.InitTransactions(TransactionTimeout);
        catchUp.Run(stoppingToken);
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
                        IsActive = false;
                        return [];
                    }

                    // Taking over: first learn what the previous active validator already published.
                    catchUp.Run(stoppingToken);
                    var next = chain.NextCandidateOffset;
                    LogAssigned(logger, next, chain.Tip.Height);
                    IsActive = true;
                    return partitions.Select(p => new TopicPartitionOffset(p, next));
                })
                .SetPartitionsRevokedHandler((_, _) => IsActive = false)
                .SetPartitionsLostHandler((_, _) => IsActive = false));
        consumer.Subscribe(Topics.Candidates);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
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

    private void Judge(ConsumeResult<string, byte[]> result, IConsumer<string, byte[]> consumer, IProducer<string, byte[]> producer, CancellationToken cancellationToken)
    {
        var nextCandidate = result.Offset.Value + 1;
        if (result.Offset.Value < chain.NextCandidateOffset)
        {
            return; // Already judged (the stored offset is ahead of what the broker delivered).
        }

        using var process = KafkaTracing.StartProcessActivity(result, ConsumerGroups.Validators, ValidatorTelemetry.Source);
        if (!Block.TryParseJson(result.Message.Value, out var block, out var error))
        {
            Publish(Reject(result.Message.Key ?? $"offset-{result.Offset.Value}", null, error), null, time.GetUtcNow(), result, consumer, producer, cancellationToken);
            return;
        }

        if (chain.Contains(block.Hash))
        {
            // A redelivered candidate that is already the chain: never produced twice.
            chain.Advance(nextCandidate, null);
            return;
        }

        var verdict = Validate(block);
        var validatedAt = time.GetUtcNow();
        if (verdict.IsValid)
        {
            if (Publish(null, block, validatedAt, result, consumer, producer, cancellationToken))
            {
                telemetry.Accepted.Add(1);
                LogAccepted(logger, block.Height, block.Hash.ToString(), block.Transactions.Count - 1);
            }

            return;
        }

        if (verdict.Reason == RejectReason.Stale)
        {
            telemetry.Stale.Add(1);
        }
        else
        {
            telemetry.Invalid.Add(1, new KeyValuePair<string, object?>("reason", verdict.Code));
        }

        LogRejected(logger, block.Height, block.Hash.ToString(), verdict.ToString());
        Publish(Reject(block.Hash.ToString(), block.Height, verdict), null, validatedAt, result, consumer, producer, cancellationToken);
    }

    private ValidationResult Validate(Block block)
    {
        using var activity = ValidatorTelemetry.Source.StartActivity("block.validate");
        activity?.SetTag("aspirechain.block.height", block.Height);
        activity?.SetTag("aspirechain.block.hash", block.Hash.ToString());
        activity?.SetTag("aspirechain.block.tx_count", block.Transactions.Count);
        activity?.SetTag("aspirechain.block.miner", block.Header.Miner.ToString());
        var started = Stopwatch.GetTimestamp();
        var verdict = chain.TryExtend(block, time.GetUtcNow().ToUnixTimeMilliseconds());
        telemetry.ValidationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        activity?.SetTag("aspirechain.block.verdict", verdict.IsValid ? "accepted" : verdict.Code);
        activity?.SetTag("aspirechain.block.stale", verdict.Reason == RejectReason.Stale);
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
        time.GetUtcNow());

    /// <summary>
    /// Produces the verdict (an accepted block, or a rejection) and the candidate offset in one Kafka transaction, then
    /// stores the offset locally. On failure the in-memory chain is rolled back and the candidate is judged again.
    /// </summary>
    private bool Publish(
        Rejection? rejection,
        Block? accepted,
        DateTimeOffset validatedAt,
        ConsumeResult<string, byte[]> result,
        IConsumer<string, byte[]> consumer,
        IProducer<string, byte[]> producer,
        CancellationToken cancellationToken)
    {
        var nextCandidate = result.Offset.Value + 1;
        using var activity = accepted is null ? null : ValidatorTelemetry.Source.StartActivity("block.commit");
        if (activity is not null && accepted is not null)
        {
            activity.SetTag("aspirechain.block.height", accepted.Height);
            activity.SetTag("aspirechain.block.hash", accepted.Hash.ToString());
        }

        try
        {
            producer.BeginTransaction();
            DeliveryResult<string, byte[]> delivered;
            if (accepted is not null)
            {
                var message = new Message<string, byte[]>
                {
                    Key = accepted.Height.ToString(CultureInfo.InvariantCulture),
                    Value = accepted.ToJson(),
                    Headers = [new Header(BlockHeaders.NextCandidateOffset, Encoding.UTF8.GetBytes(nextCandidate.ToString(CultureInfo.InvariantCulture)))],
                };
                ProvenanceHeaders.CarryOver(result.Message.Headers, message.Headers, validatedAt);
                delivered = producer.ProduceTracedAsync(Topics.Blocks, message, cancellationToken).GetAwaiter().GetResult();
            }
            else
            {
                delivered = producer.ProduceTracedAsync(Topics.Rejections, rejection!.ToMessage(), cancellationToken).GetAwaiter().GetResult();
            }

            producer.SendOffsetsToTransaction([new TopicPartitionOffset(result.TopicPartition, nextCandidate)], consumer.ConsumerGroupMetadata, TransactionTimeout);
            producer.CommitTransaction(TransactionTimeout);
            if (accepted is not null)
            {
                chain.Persist(accepted, nextCandidate, delivered.Offset.Value + 1);
            }
            else
            {
                chain.Advance(nextCandidate, null);
            }

            return true;
        }
        catch (Exception e) when (e is KafkaException or ProduceException<string, byte[]>)
        {
            if (accepted is not null)
            {
                chain.Retract(accepted);
            }

            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            LogPublishFailed(logger, e, result.Offset.Value);
            TryAbort(producer);
            if (e is KafkaException { Error.IsFatal: true })
            {
                throw; // Fenced or broken beyond repair: let the host stop and the supervisor restart us.
            }

            // Judge the same candidate again after a pause; first adopt the block if the commit did land (an ambiguous failure).
            cancellationToken.WaitHandle.WaitOne(RetryDelay);
            catchUp.Run(cancellationToken);
            consumer.Seek(result.TopicPartitionOffset);
            return false;
        }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted block {Height} {Hash} with {Count} transactions")]
    private static partial void LogAccepted(ILogger logger, ulong height, string hash, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected candidate {Height} {Hash}: {Verdict}")]
    private static partial void LogRejected(ILogger logger, ulong height, string hash, string verdict);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the verdict on candidate offset {Offset} failed; it will be judged again")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Aborting the Kafka transaction failed: {Reason}")]
    private static partial void LogAbortFailed(ILogger logger, Exception exception, string reason);
}
