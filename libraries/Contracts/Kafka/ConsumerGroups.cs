namespace AspireChain.Contracts.Kafka;

/// <summary>Shared consumer group ids: groups that several replicas join to split (queue) a topic between them.</summary>
public static class ConsumerGroups
{
    /// <summary>Miner replicas share <see cref="Topics.Transactions"/>: each owns a share of partitions as its mempool.</summary>
    public const string Miners = "miners";

    /// <summary>Validator replicas on <see cref="Topics.Candidates"/>: one active, the others hot standby.</summary>
    public const string Validators = "validators";
}
