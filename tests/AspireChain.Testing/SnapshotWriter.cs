using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Ledger;
using Confluent.Kafka;

namespace AspireChain.Testing;

/// <summary>
/// Writes state snapshots to the snapshots topic as anyone could, honest, forged or incomplete: the chunks first (their
/// offsets learnt from the broker), then the manifest sealed over those offsets; and junk under any key.
/// </summary>
public sealed class SnapshotWriter(string bootstrapServers) : IDisposable
{
    private readonly IProducer<string, byte[]> _producer = Producers.Reliable(bootstrapServers);

    /// <summary>
    /// Publishes <paramref name="snapshot"/>'s chunks, then its manifest sealed with <paramref name="key"/> (the dev
    /// validator's by default) for nodes reading <c>blocks</c> on from <paramref name="nextBlocksOffset"/>; with
    /// <paramref name="omitChunk"/>, a tombstone stands where that chunk would be (as if compacted away). Returns the
    /// manifest and its offset.
    /// </summary>
    public async Task<(SnapshotManifest Manifest, long Offset)> PublishAsync(ChainSnapshot snapshot, long nextBlocksOffset, KeyPair? key = null, int chunkBytes = 1024, int? omitChunk = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var parts = SnapshotChunks.Split(snapshot, chunkBytes);
        var offsets = new long[parts.Chunks.Count];
        for (var i = 0; i < parts.Chunks.Count; i++)
        {
            var message = i == omitChunk
                ? SnapshotMessage.Tombstone(SnapshotKey.ChunkOf(parts.Height, parts.Digest, i))
                : SnapshotMessage.Chunk(parts.Height, parts.Digest, i, parts.Chunks[i]).ToMessage();
            offsets[i] = (await _producer.ProduceAsync(Topics.Snapshots, message)).Offset.Value;
        }

        using var validator = DevValidator.CreateKeyPair();
        var manifest = SnapshotManifest.Sign(parts, offsets, nextBlocksOffset, key ?? validator, TestNetwork.Parameters);
        return (manifest, await WriteAsync(SnapshotMessage.Of(manifest).ToMessage()));
    }

    /// <summary>Any value (null: a tombstone) under any key, as anything that reaches the broker may write; returns its offset.</summary>
    public Task<long> WriteAsync(string key, byte[]? value) => WriteAsync(new Message<string, byte[]> { Key = key, Value = value! });

    /// <summary>A record as built; returns its offset.</summary>
    public async Task<long> WriteAsync(Message<string, byte[]> message) => (await _producer.ProduceAsync(Topics.Snapshots, message)).Offset.Value;

    /// <inheritdoc />
    public void Dispose() => _producer.Dispose();
}
