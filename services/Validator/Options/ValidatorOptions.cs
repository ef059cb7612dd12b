namespace AspireChain.Validator.Options;

/// <summary>Where the Validator keeps its chain and how it fences zombies; bound from the <c>Validator</c> section.</summary>
public sealed class ValidatorOptions
{
    public const string SectionName = "Validator";

    /// <summary>SQLite file holding the accepted chain and the offsets it reflects. Empty: <c>validator.db</c> in the instance's data directory.</summary>
    public string? DataPath { get; set; }

    /// <summary>Replica name; empty: the service name joined with <c>service.instance.id</c> from <c>OTEL_RESOURCE_ATTRIBUTES</c>.</summary>
    public string? InstanceId { get; set; }

    /// <summary>
    /// Kafka <c>transactional.id</c>; empty: <c>aspirechain-validator-&lt;instance&gt;</c>. One per replica (KIP-447): a zombie is
    /// fenced by the consumer-group generation sent with its offsets, while replicas sharing one id would fence each
    /// other on every start.
    /// </summary>
    public string? TransactionalId { get; set; }
}
