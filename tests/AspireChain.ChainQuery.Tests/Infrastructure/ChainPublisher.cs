using System.Diagnostics;
using System.Globalization;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AspireChain.ChainQuery.Tests.Infrastructure;

/// <summary>Plays the Validator's and miners' producing side: signed blocks, transactions and rejections onto the embedded broker.</summary>
internal sealed class ChainPublisher(string bootstrapServers) : IDisposable
{
    private readonly IProducer<string, byte[]> _producer = Producers.Reliable(bootstrapServers);

    /// <summary>The envelope the Validator would publish for <paramref name="block"/> on the test network (signed by the dev validator key).</summary>
    public static byte[] Envelope(Block block) => BlockWriter.Sign(block, (long)block.Height).ToWire();

    /// <summary>Produces an accepted block (key = height) carrying <paramref name="trace"/> in its headers; returns its offset.</summary>
    public long Block(Block block, ActivityContext trace = default)
    {
        var message = new Message<string, byte[]> { Key = block.Height.ToString(CultureInfo.InvariantCulture), Value = Envelope(block) };
        if (trace != default)
        {
            KafkaTracing.Inject(trace, message);
        }

        return _producer.ProduceAsync(Topics.Blocks, message).GetAwaiter().GetResult().Offset.Value;
    }

    /// <summary>Produces an accepted block with <paramref name="headers"/> (e.g. informational ones); returns its offset.</summary>
    public long Block(Block block, Headers headers) =>
        _producer.ProduceAsync(Topics.Blocks, new Message<string, byte[]>
        {
            Key = block.Height.ToString(CultureInfo.InvariantCulture),
            Value = Envelope(block),
            Headers = headers,
        }).GetAwaiter().GetResult().Offset.Value;

    /// <summary>Produces a submitted transaction (key = sender).</summary>
    public void Transaction(Transaction transaction) =>
        _producer.ProduceAsync(Topics.Transactions, new Message<string, byte[]> { Key = transaction.SenderAddress.ToString(), Value = transaction.ToWire() })
            .GetAwaiter().GetResult();

    /// <summary>Produces many submitted transactions without waiting for each acknowledgement, then waits for all.</summary>
    public void Transactions(IEnumerable<Transaction> transactions)
    {
        var failed = 0;
        foreach (var transaction in transactions)
        {
            _producer.Produce(
                Topics.Transactions,
                new Message<string, byte[]> { Key = transaction.SenderAddress.ToString(), Value = transaction.ToWire() },
                report => Interlocked.Add(ref failed, report.Error.IsError ? 1 : 0));
        }

        Assert.Equal(0, _producer.Flush(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, Volatile.Read(ref failed));
    }

    /// <summary>Produces a rejection record.</summary>
    public void Rejection(Rejection rejection) =>
        _producer.ProduceAsync(Topics.Rejections, rejection.ToMessage()).GetAwaiter().GetResult();

    /// <summary>Produces any bytes, for records no well-behaved service would write.</summary>
    public void Raw(string topic, string key, string value) =>
        _producer.ProduceAsync(topic, new Message<string, byte[]> { Key = key, Value = System.Text.Encoding.UTF8.GetBytes(value) }).GetAwaiter().GetResult();

    /// <inheritdoc />
    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }
}
