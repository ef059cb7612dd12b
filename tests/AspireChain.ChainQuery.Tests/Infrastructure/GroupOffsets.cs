using Confluent.Kafka;

namespace AspireChain.ChainQuery.Tests.Infrastructure;

/// <summary>What a consumer group committed, read from the broker the way a member would read it when it starts.</summary>
internal static class GroupOffsets
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Sum over <paramref name="topic"/>'s partitions of the offsets <paramref name="group"/> committed (a partition never committed counts 0).</summary>
    public static long CommittedTotal(string bootstrapServers, string group, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, Timeout).Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        // Never subscribes: it only asks for the group's offsets, so the group's member is not disturbed.
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
        }).Build();
        return consumer.Committed(partitions, Timeout).Sum(p => p.Offset.Value < 0 ? 0 : p.Offset.Value);
    }
}
