using System.Diagnostics;
using AspireChain.Ledger;
using AspireChain.Miner.Options;
using AspireChain.Miner.Telemetry;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AspireChain.Miner.Pool;

/// <summary>
/// Publishes why a pending transaction can never be mined (its nonce was used, its sender cannot pay…) to
/// <c>rejections</c>, then settles it so its partition offset may move past it: the rejection is the durable effect.
/// </summary>
internal sealed partial class TransactionRejections(
    IProducer<string, byte[]> producer,
    PartitionedMempool pool,
    MinerTelemetry telemetry,
    IOptions<MinerOptions> options,
    TimeProvider time,
    ILogger<TransactionRejections> logger)
{
    private readonly string _source = MinerIdentity.InstanceId(options.Value);

    /// <summary>
    /// For the consume threads: publishes and settles, or, when the broker cannot take it, logs and leaves the transaction
    /// unsettled (its offset stays uncommitted, so the partition's next reader judges it again).
    /// </summary>
    public void TryReject(PendingTransaction pending, ValidationResult reason, CancellationToken cancellationToken)
    {
        try
        {
            RejectAsync(pending, reason, cancellationToken).GetAwaiter().GetResult();
        }
        catch (KafkaException e)
        {
            LogRejectFailed(logger, e, pending.Transaction.Id.ToString(), e.Error.Reason);
        }
    }

    /// <summary>Publishes the rejection, waits for the broker's acknowledgement, then settles the transaction.</summary>
    public async Task RejectAsync(PendingTransaction pending, ValidationResult reason, CancellationToken cancellationToken)
    {
        var previous = Activity.Current;
        // The rejection continues the transaction's own trace, so its story ends where it was refused.
        using (var activity = MinerTelemetry.Source.StartActivity("transaction.reject", ActivityKind.Internal, pending.TraceContext))
        {
            activity?.SetTag("aspirechain.tx.id", pending.Transaction.Id.ToString());
            activity?.SetTag("aspirechain.reject.reason", reason.Code);
            var rejection = new Rejection(
                RejectionKinds.Transaction,
                pending.Transaction.Id.ToString(),
                null,
                reason.Code,
                reason.Detail,
                _source,
                time.GetUtcNow());
            await producer.ProduceTracedAsync(Topics.Rejections, rejection.ToMessage(), cancellationToken).ConfigureAwait(false);
        }

        Activity.Current = previous;
        telemetry.TransactionsRejected.Add(1, new KeyValuePair<string, object?>("reason", reason.Code));
        pool.Settle([pending.Transaction.Id]);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the rejection of {TransactionId} failed: {Reason}")]
    private static partial void LogRejectFailed(ILogger logger, Exception exception, string transactionId, string reason);
}
