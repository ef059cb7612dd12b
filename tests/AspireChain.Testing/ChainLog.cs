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
    /// The newest snapshot on <c>snapshots</c> that verifies (signature and recomputed state root) and its manifest, or
    /// null; every manifest on the topic is counted in <paramref name="manifests"/>.
    /// </summary>
    public static (ChainSnapshot Snapshot, SnapshotManifest Manifest)? NewestSnapshot(string bootstrapServers, out int manifests, NetworkParameters? network = null)
    {
        var records = TopicReader.ReadAll(bootstrapServers, Topics.Snapshots)
            .Select(r => SnapshotMessage.TryParse(r.Message.Value, out var message, out _) ? message : null)
            .OfType<SnapshotMessage>()
            .ToList();
        var chunks = records.Where(m => m.Payload is not null).GroupBy(m => Hash256.Compute(m.Payload)).ToDictionary(g => g.Key, g => g.First().Payload);
        var signed = records.Select(m => m.Manifest).OfType<SnapshotManifest>().OrderByDescending(m => m.Height).ToList();
        manifests = signed.Count;
        foreach (var manifest in signed)
        {
            if (manifest.TryAssemble(network ?? NetworkParameters.Test, h => chunks.GetValueOrDefault(h), out var snapshot, out _))
            {
                return (snapshot, manifest);
            }
        }

        return null;
    }

    public static List<Block> Candidates(string bootstrapServers) =>
        TopicReader.ReadAll(bootstrapServers, Topics.Candidates).Select(r => Block.ParseWire(r.Message.Value)).ToList();

    public static List<Rejection> Rejections(string bootstrapServers) =>
        TopicReader.ReadAll(bootstrapServers, Topics.Rejections).Select(r => Rejection.Parse(r.Message.Value)).ToList();
}
