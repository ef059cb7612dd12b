using System.Globalization;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AspireChain.Testing;

/// <summary>Writes what other services would (signed transactions, forged candidates) straight to the topics.</summary>
public sealed class KafkaWriter(string bootstrapServers) : IDisposable
{
    private readonly IProducer<string, byte[]> _producer = Producers.Reliable(bootstrapServers);

    /// <summary>A transaction the way TransactionIngest writes it: keyed by sender address.</summary>
    public Task SubmitAsync(Transaction transaction) => SubmitAsync(transaction, TransferAttestation.None);

    /// <summary>A transaction keyed by sender address and tagged by <paramref name="attestation"/> (ingest's key, or an impostor's).</summary>
    public Task SubmitAsync(Transaction transaction, TransferAttestation attestation)
    {
        var message = new Message<string, byte[]> { Key = transaction.SenderAddress.ToString(), Value = transaction.ToWire() };
        attestation.Attest(message);
        return _producer.ProduceTracedAsync(Topics.Transactions, message);
    }

    /// <summary>A candidate the way a miner writes it: keyed by height.</summary>
    public Task ProposeAsync(Block candidate) =>
        _producer.ProduceTracedAsync(Topics.Candidates, new Message<string, byte[]> { Key = candidate.Height.ToString(CultureInfo.InvariantCulture), Value = candidate.ToWire() });

    /// <summary>Any bytes under any key, as anything that reaches the broker may write.</summary>
    public Task WriteAsync(string topic, string key, byte[] value) =>
        _producer.ProduceTracedAsync(topic, new Message<string, byte[]> { Key = key, Value = value });

    /// <inheritdoc />
    public void Dispose() => _producer.Dispose();
}
