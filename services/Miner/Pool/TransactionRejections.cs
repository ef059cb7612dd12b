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
internal sealed class TransactionRejections(
    IProducer<string, byte[]> producer,
    PartitionedMempool pool,
    MinerTelemetry telemetry,
    IOptions<MinerOptions> options,
    TimeProvider time)
{
    private readonly string _source = MinerIdentity.InstanceId(options.Value);

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
}
