using System.Globalization;
using AspireChain.Contracts.Kafka;
using AspireChain.Ledger;
using Confluent.Kafka;

namespace AspireChain.Testing;

/// <summary>Writes to <c>blocks</c> as the Validator would (signed envelopes), or as an attacker would (anything).</summary>
public sealed class BlockWriter(string bootstrapServers) : IDisposable
{
    private static readonly KeyPair Validator = DevValidator.CreateKeyPair();

    private readonly IProducer<string, byte[]> _producer = Producers.Reliable(bootstrapServers);

    /// <summary>Signs <paramref name="block"/> with the test network's (dev) validator key.</summary>
    public static AcceptedBlock Sign(Block block, long nextCandidateOffset = 0, KeyPair? key = null) =>
        AcceptedBlock.Sign(block, nextCandidateOffset, key ?? Validator, NetworkParameters.Test);

    /// <summary>Publishes an envelope; returns its offset.</summary>
    public async Task<long> PublishAsync(AcceptedBlock accepted, Headers? headers = null) =>
        await PublishAsync(accepted.Height.ToString(CultureInfo.InvariantCulture), accepted.ToWire(), headers);

    /// <summary>Publishes any bytes; returns the offset.</summary>
    public async Task<long> PublishAsync(string key, byte[] value, Headers? headers = null) =>
        (await _producer.ProduceAsync(Topics.Blocks, new Message<string, byte[]> { Key = key, Value = value, Headers = headers ?? [] })).Offset.Value;

    /// <inheritdoc />
    public void Dispose() => _producer.Dispose();
}
