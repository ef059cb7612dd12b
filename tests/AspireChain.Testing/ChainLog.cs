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

    public static List<Block> Candidates(string bootstrapServers) =>
        TopicReader.ReadAll(bootstrapServers, Topics.Candidates).Select(r => Block.ParseWire(r.Message.Value)).ToList();

    public static List<Rejection> Rejections(string bootstrapServers) =>
        TopicReader.ReadAll(bootstrapServers, Topics.Rejections).Select(r => Rejection.Parse(r.Message.Value)).ToList();
}
