namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>A topic a service needs, as start-up provisioning creates it on a real cluster when it is missing.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="Partitions">Partition count.</param>
/// <param name="Configs">Topic configuration given on creation (e.g. <c>cleanup.policy</c>); none when null.</param>
public sealed record KafkaTopic(string Name, int Partitions, IReadOnlyDictionary<string, string>? Configs = null);
