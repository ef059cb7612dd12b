using System.Globalization;
using AspireChain.Contracts.Kafka;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AspireChain.Services.Tests.Infrastructure;

/// <summary>Writes what other services would (signed transactions, forged candidates) straight to the topics.</summary>
internal sealed class KafkaWriter(string bootstrapServers) : IDisposable
{
    private readonly IProducer<string, byte[]> _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
    {
        BootstrapServers = bootstrapServers,
        Acks = Acks.All,
        EnableIdempotence = true,
    }).Build();

    /// <summary>A transaction the way TransactionIngest writes it: keyed by sender address.</summary>
    public Task SubmitAsync(Transaction transaction) =>
        _producer.ProduceTracedAsync(Topics.Transactions, new Message<string, byte[]> { Key = transaction.SenderAddress.ToString(), Value = transaction.ToJson() });

    /// <summary>A candidate the way a miner writes it: keyed by height.</summary>
    public Task ProposeAsync(Block candidate) =>
        _producer.ProduceTracedAsync(Topics.Candidates, new Message<string, byte[]> { Key = candidate.Height.ToString(CultureInfo.InvariantCulture), Value = candidate.ToJson() });

    public void Dispose() => _producer.Dispose();
}
