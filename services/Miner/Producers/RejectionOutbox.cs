using System.Diagnostics;
using System.Threading.Channels;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Contracts.Telemetry;
using AspireChain.Ledger;
using AspireChain.Miner.Options;
using AspireChain.Miner.Pool;
using AspireChain.Miner.State;
using AspireChain.Miner.Telemetry;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using AspireChain.Miner.Identity;

namespace AspireChain.Miner.Producers;

/// <summary>
/// Publishes why a pending transaction can never be mined (its nonce was used, its sender cannot pay…) to
/// <c>rejections</c>, then settles it so its partition offset may move past it: the acknowledged rejection is the durable
/// effect. Queued, never awaited by the caller, so neither the mining loop nor the feeds ever wait on the broker; a
/// rejection that fails to publish is retried with back-off, never dropped. Until it is acknowledged the transaction
/// stays unsettled (its offset uncommitted), so a crash loses nothing: the partition's next reader judges it again.
/// </summary>
internal sealed partial class RejectionOutbox(
    IProducer<string, byte[]> producer,
    MinerState state,
    MinerTelemetry telemetry,
    IOptions<MinerOptions> options,
    TimeProvider time,
    ILogger<RejectionOutbox> logger) : BackgroundService
{
    // Enough in flight to keep the producer's batches full; bounded so a dead broker does not pile up the client queue.
    private const int MaxInFlight = 5_000;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _source = MinerIdentity.InstanceId(options.Value);
    private readonly SemaphoreSlim _slots = new(MaxInFlight, MaxInFlight);
    private long _waiting;
    private long _retries;

    /// <summary>Rejections queued or in flight, not yet acknowledged.</summary>
    public long Waiting => Interlocked.Read(ref _waiting);

    /// <summary>Publications that failed and were queued again since start.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>
    /// Queues the rejections the <see cref="MinerState"/> decided (it already took them out of the templates' reach);
    /// returns at once.
    /// </summary>
    public void Enqueue(IReadOnlyList<PendingRejection> rejections)
    {
        ArgumentNullException.ThrowIfNull(rejections);
        foreach (var rejection in rejections)
        {
            Interlocked.Increment(ref _waiting);
            _queue.Writer.TryWrite(new Entry(rejection.Pending, rejection.Reason, 0));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var entry in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await _slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                Publish(entry);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what was not acknowledged stays unsettled, so its offset was never committed.
        }
    }

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    private void Publish(Entry entry)
    {
        var pending = entry.Pending;
        if (!state.IsUnsettled(pending.Transaction.Id))
        {
            // Settled meanwhile (confirmed after all, or its partition moved on): nothing to say any more.
            Done();
            return;
        }

        var previous = Activity.Current;
        // The rejection continues the transaction's own trace, so its story ends where it was refused.
        using (var activity = MinerTelemetry.Source.StartActivity(ChainSpans.TransactionReject, ActivityKind.Internal, pending.TraceContext))
        {
            activity?.SetTag(ChainAttributes.TransactionId, pending.Transaction.Id.ToString());
            activity?.SetTag(ChainAttributes.RejectionReason, entry.Reason.Code);
            activity?.SetTag(ChainAttributes.RejectionAttempt, entry.Attempt);
            var rejection = new Rejection(
                RejectionKinds.Transaction,
                pending.Transaction.Id.ToString(),
                null,
                entry.Reason.Code,
                entry.Reason.Detail,
                _source,
                time.GetUtcNow());
            try
            {
                producer.ProduceTraced(Topics.Rejections, rejection.ToMessage(), report =>
                {
                    if (report.Error.IsError)
                    {
                        Retry(entry, report.Error.Reason);
                    }
                    else
                    {
                        telemetry.TransactionsRejected.Add(1, new KeyValuePair<string, object?>(ChainAttributes.RejectionReason, entry.Reason.Code));
                        state.Rejected(pending.Transaction.Id);
                        Done();
                    }
                });
            }
            catch (KafkaException e)
            {
                // The client's queue is full or the producer is failing: later, with back-off.
                Retry(entry, e.Error.Reason);
            }
        }

        Activity.Current = previous;
    }

    private void Retry(Entry entry, string reason)
    {
        _slots.Release();
        Interlocked.Increment(ref _retries);
        telemetry.RejectionRetries.Add(1);
        var delay = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(entry.Attempt, 10))));
        LogRetry(logger, entry.Pending.Transaction.Id.ToString(), entry.Attempt + 1, delay.TotalMilliseconds, reason);
        _ = Task.Delay(delay, time).ContinueWith(
            _ => _queue.Writer.TryWrite(entry with { Attempt = entry.Attempt + 1 }),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void Done()
    {
        _slots.Release();
        Interlocked.Decrement(ref _waiting);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the rejection of {TransactionId} failed ({Reason}); attempt {Attempt} in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string transactionId, int attempt, double delayMs, string reason);

    private sealed record Entry(PendingTransaction Pending, ValidationResult Reason, int Attempt);
}
