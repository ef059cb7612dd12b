using AspireChain.Contracts.Kafka;

namespace AspireChain.EmbeddedKafka;

/// <summary>How to start the embedded broker (configuration section <c>EmbeddedKafka</c>).</summary>
public sealed class EmbeddedKafkaOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "EmbeddedKafka";

    /// <summary>Number of mock brokers (ids 1..N).</summary>
    public int BrokerCount { get; set; } = 3;

    /// <summary>Partitions of the <c>transactions</c> topic.</summary>
    public int TransactionsPartitions { get; set; } = Topics.DefaultTransactionsPartitions;

    /// <summary>Whether to create the topic catalog at start (otherwise topics auto-create with 4 partitions).</summary>
    public bool CreateTopics { get; set; } = true;

    /// <summary>
    /// The group coordinator's wait before the first rebalance of a new group (mock default 3 s, like Kafka's
    /// <c>group.initial.rebalance.delay.ms</c>); null keeps the default. Tests lower it to join faster.
    /// </summary>
    public TimeSpan? InitialRebalanceDelay { get; set; }
}
