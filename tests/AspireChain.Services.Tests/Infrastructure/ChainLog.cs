using AspireChain.Ledger;
using AspireChain.ServiceDefaults.Kafka;

namespace AspireChain.Services.Tests.Infrastructure;

/// <summary>Typed views of what is on the topics right now: the protocol as a test reads it.</summary>
internal static class ChainLog
{
    public static List<Block> Blocks(string bootstrapServers) =>
        TopicReader.ReadAll(bootstrapServers, Topics.Blocks).Select(r => Block.ParseJson(r.Message.Value)).ToList();

    public static List<Block> Candidates(string bootstrapServers) =>
        TopicReader.ReadAll(bootstrapServers, Topics.Candidates).Select(r => Block.ParseJson(r.Message.Value)).ToList();

    public static List<Rejection> Rejections(string bootstrapServers) =>
        TopicReader.ReadAll(bootstrapServers, Topics.Rejections).Select(r => Rejection.Parse(r.Message.Value)).ToList();
}
