using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Ledger;
using Xunit;

namespace AspireChain.Testing;

/// <summary>Typed views of what is on the topics right now: the protocol as a test reads it.</summary>
public static class ChainLog
{
    /// <summary>The blocks on <c>blocks</c>, each unwrapped from its envelope after its validator signature was checked.</summary>
    public static List<Block> Blocks(string bootstrapServers) => Accepted(bootstrapServers).Select(a => a.Block).ToList();

    /// <summary>The signed envelopes on <c>blocks</c>; a record that is not one validly signed for the test network fails the test.</summary>
    public static List<AcceptedBlock> Accepted(string bootstrapServers) =>
        TopicReader.ReadAll(bootstrapServers, Topics.Blocks).Select(r =>
        {
            var accepted = AcceptedBlock.ParseWire(r.Message.Value);
            var signed = accepted.Verify(NetworkParameters.Test);
            Assert.True(signed.IsValid, $"blocks@{r.Offset}: {signed}");
            return accepted;
        }).ToList();

    /// <summary>The blocks of the validly signed envelopes on <c>blocks</c>, forgeries (an attack under test) left out.</summary>
    public static List<Block> SignedBlocks(string bootstrapServers) =>
        TopicReader.ReadAll(bootstrapServers, Topics.Blocks)
            .Select(r => AcceptedBlock.TryReadWire(r.Message.Value, out var accepted, out _) && accepted.Verify(NetworkParameters.Test).IsValid ? accepted.Block : null)
            .OfType<Block>()
            .ToList();

    /// <summary>
    /// The newest snapshot on <c>snapshots</c> that verifies (seal, chunks at the offsets it names, recomputed state root)
    /// and its manifest, or null; every manifest on the topic is counted in <paramref name="manifests"/>.
    /// </summary>
    public static (ChainSnapshot Snapshot, SnapshotManifest Manifest)? NewestSnapshot(string bootstrapServers, out int manifests, NetworkParameters? network = null)
    {
        var records = TopicReader.ReadAll(bootstrapServers, Topics.Snapshots)
            .Where(r => r.Message.Value is not null)
            .Select(r => (Offset: r.Offset.Value, Message: SnapshotMessage.TryParse(r.Message.Key, r.Message.Value, out var message, out _) ? message : null))
            .Where(r => r.Message is not null)
            .ToList();
        var chunks = records.Where(r => r.Message!.Manifest is null).ToDictionary(r => r.Offset, r => r.Message!);
        var signed = records.Where(r => r.Message!.Manifest is not null).OrderByDescending(r => r.Message!.Height).ThenByDescending(r => r.Offset).Select(r => r.Message!.Manifest!).ToList();
        manifests = signed.Count;
        network ??= NetworkParameters.Test;
        foreach (var manifest in signed)
        {
            if (Assemble(manifest, chunks, network) is { } snapshot)
            {
                return (snapshot, manifest);
            }
        }

        return null;
    }

    /// <summary>The snapshot <paramref name="manifest"/> names, from the chunk records at its offsets, when everything checks out.</summary>
    private static ChainSnapshot? Assemble(SnapshotManifest manifest, Dictionary<long, SnapshotMessage> chunks, NetworkParameters network)
    {
        if (!manifest.Verify(network).IsValid || !SnapshotAssembly.TryStart(manifest, out var assembly, out _))
        {
            return null;
        }

        for (var i = 0; i < manifest.ChunkOffsets.Count; i++)
        {
            if (!chunks.TryGetValue(manifest.ChunkOffsets[i], out var chunk) || chunk.Key != SnapshotKey.ChunkOf(manifest.Height, manifest.Digest, i)
                || !assembly.TryAdd(chunk.Payload.Span, out _))
            {
                return null;
            }
        }

        return assembly.TryComplete(network, out var snapshot, out _) ? snapshot : null;
    }

    public static List<Block> Candidates(string bootstrapServers) =>
        TopicReader.ReadAll(bootstrapServers, Topics.Candidates).Select(r => Block.ParseWire(r.Message.Value)).ToList();

    public static List<Rejection> Rejections(string bootstrapServers) =>
        TopicReader.ReadAll(bootstrapServers, Topics.Rejections).Select(r => Rejection.Parse(r.Message.Value)).ToList();
}
