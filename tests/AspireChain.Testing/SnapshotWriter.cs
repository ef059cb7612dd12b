using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Ledger;
using Confluent.Kafka;

namespace AspireChain.Testing;

/// <summary>Writes state snapshots (chunks, then the manifest) to the snapshots topic as anyone could: honest, forged or incomplete.</summary>
public sealed class SnapshotWriter(string bootstrapServers) : IDisposable
{
    private readonly IProducer<string, byte[]> _producer = Producers.Reliable(bootstrapServers);

    /// <summary>Signs the snapshot of <paramref name="chain"/>'s tip with <paramref name="key"/> (the dev validator's by default).</summary>
    public static (SnapshotManifest Manifest, IReadOnlyList<byte[]> Chunks) Sign(ChainSnapshot snapshot, long nextBlocksOffset, KeyPair? key = null, int chunkBytes = 1024)
    {
        using var validator = DevValidator.CreateKeyPair();
        return SnapshotManifest.Create(snapshot, nextBlocksOffset, chunkBytes, key ?? validator, TestNetwork.Parameters);
    }

    /// <summary>Publishes the chunks (all but <paramref name="omitChunk"/>) and then the manifest; returns the manifest's offset.</summary>
    public async Task<long> PublishAsync(SnapshotManifest manifest, IReadOnlyList<byte[]> chunks, int? omitChunk = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(chunks);
        for (var i = 0; i < chunks.Count; i++)
        {
            if (i != omitChunk)
            {
                await _producer.ProduceAsync(Topics.Snapshots, SnapshotMessage.Chunk(manifest.Height, i, chunks[i]).ToMessage());
            }
        }

        return (await _producer.ProduceAsync(Topics.Snapshots, SnapshotMessage.Of(manifest).ToMessage())).Offset.Value;
    }

    /// <inheritdoc />
    public void Dispose() => _producer.Dispose();
}
