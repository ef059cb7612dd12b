using AspireChain.ServiceDefaults;

namespace AspireChain.Validator.Options;

/// <summary>Where the Validator keeps its chain, how it signs and fences zombies; bound from the <c>Validator</c> section.</summary>
public sealed class ValidatorOptions : IInstanceOptions
{
    public const string SectionName = "Validator";

    /// <summary>SQLite file holding the followed chain, the offsets it reflects and the faults met. Empty: <c>validator.db</c> in the instance's data directory.</summary>
    public string? DataPath { get; set; }

    /// <summary>Replica name; empty: the service name joined with <c>service.instance.id</c> from <c>OTEL_RESOURCE_ATTRIBUTES</c>.</summary>
    public string? InstanceId { get; set; }

    /// <summary>
    /// Kafka <c>transactional.id</c>; empty: <c>aspirechain-validator-&lt;instance&gt;</c>. One per replica (KIP-447): a zombie is
    /// fenced by the consumer-group generation sent with its offsets, while replicas sharing one id would fence each
    /// other on every start.
    /// </summary>
    public string? TransactionalId { get; set; }

    /// <summary>
    /// The private key accepted blocks are signed with, as 64 hex digits. Secret: give it to the validator alone (an
    /// environment variable or a secret store), never to the <c>Chain</c> section every service reads. Its public key must
    /// be one of <c>Chain:ValidatorPublicKeys</c>. Not needed on dev and test, which sign with the public dev validator key.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>A file holding the signing key instead (64 hex digits, or a PKCS#8/SEC1 PEM).</summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>Candidates waiting this long with none judged: the active validator is stalled (unhealthy).</summary>
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a validator taking over waits to have read <c>blocks</c> to its end before judging.</summary>
    public TimeSpan CatchUpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Every this many blocks the active validator publishes a signed state snapshot to <c>snapshots</c> (the state after
    /// each height divisible by it), so nodes can join once <c>blocks</c> no longer starts at offset 0. 0 turns them off.
    /// </summary>
    public int SnapshotInterval { get; set; } = 100;

    /// <summary>
    /// Snapshots left live on <c>snapshots</c> (default 2, at least 1): each time one is published, every older one the
    /// publisher knows of gets a tombstone under each of its keys in the same transaction, so a compacting broker drops it.
    /// </summary>
    public int SnapshotsKept { get; set; } = 2;

    /// <summary>
    /// How many transfer ids whose signature this validator verified are remembered, so a candidate carrying them again
    /// (after another candidate was refused) is not verified twice; 32-byte ids, ~100 bytes each with the set's overhead.
    /// </summary>
    public int RememberVerifiedSignatures { get; set; } = 20_000;

    /// <summary>Largest snapshot chunk, bytes (at most 512 KiB: each chunk is one Kafka record).</summary>
    public int SnapshotChunkBytes { get; set; } = Contracts.Messages.SnapshotMessage.MaxChunkBytes;
}
