namespace AspireChain.Contracts.Telemetry;

/// <summary>
/// The names of every <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>
/// the services create, all under <see cref="Prefix"/> so one wildcard subscription (<see cref="Wildcard"/>) takes them all.
/// </summary>
public static class ChainSources
{
    /// <summary>The prefix of every source, meter, span, attribute and instrument name of ours.</summary>
    public const string Prefix = "aspirechain.";

    /// <summary>The OpenTelemetry subscription that matches every source and meter of ours.</summary>
    public const string Wildcard = "aspirechain.*";

    /// <summary>Kafka <c>send</c>/<c>process</c> spans and the Kafka client statistics meter (named by the service defaults).</summary>
    public const string Kafka = ServiceDefaults.Kafka.KafkaTelemetryNames.Source;

    /// <summary>TransactionIngest's source and meter.</summary>
    public const string Ingest = "aspirechain.ingest";

    /// <summary>The Miner's source and meter.</summary>
    public const string Miner = "aspirechain.miner";

    /// <summary>The Validator's source and meter.</summary>
    public const string Validator = "aspirechain.validator";

    /// <summary>The shared blocks follower's source and meter (the same in every service that follows <c>blocks</c>).</summary>
    public const string Following = "aspirechain.following";

    /// <summary>The chain's own figures (height, throughput, work), emitted by ChainQuery from its read model.</summary>
    public const string Chain = "aspirechain.chain";
}
