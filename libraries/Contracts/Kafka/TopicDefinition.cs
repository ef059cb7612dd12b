using AspireChain.ServiceDefaults.Kafka;

namespace AspireChain.Contracts.Kafka;

/// <summary>One topic of the catalog: what a broker must create and what its keys mean.</summary>
/// <param name="Name">Topic name (one of <see cref="Topics"/>).</param>
/// <param name="Partitions">Partition count.</param>
/// <param name="KeyMeaning">What the message key is, for documentation and dashboards.</param>
/// <param name="Configs">Topic configuration a real broker is given on creation (e.g. <c>cleanup.policy</c>); none when null.</param>
public sealed record TopicDefinition(string Name, int Partitions, string KeyMeaning, IReadOnlyDictionary<string, string>? Configs = null)
{
    /// <summary>The topic as the service defaults provision it.</summary>
    public KafkaTopic ToKafkaTopic() => new(Name, Partitions, Configs);
}
