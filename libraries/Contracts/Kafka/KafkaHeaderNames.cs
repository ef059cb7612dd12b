using AspireChain.ServiceDefaults.Kafka;

namespace AspireChain.Contracts.Kafka;

/// <summary>Kafka header names we read or write, kept in one place (W3C trace context and baggage, block provenance).</summary>
public static class KafkaHeaderNames
{
    /// <summary>W3C trace context parent (<c>00-traceid-spanid-flags</c>).</summary>
    public const string TraceParent = KafkaTelemetryNames.TraceParentHeader;

    /// <summary>W3C vendor trace state.</summary>
    public const string TraceState = KafkaTelemetryNames.TraceStateHeader;

    /// <summary>W3C baggage.</summary>
    public const string Baggage = KafkaTelemetryNames.BaggageHeader;

    /// <summary>
    /// Ingest's HMAC-SHA256 (32 bytes) under the miners' secret over the miners' label, the record key and the value of a
    /// <c>transactions</c> record: ingest verified that transfer's signature, so the owning miner need not verify it again
    /// (<c>TransferAttestation.ForMiners</c>). Only a miner acts on it; the Validator verifies every signature itself.
    /// </summary>
    public const string MinersAttestation = "aspirechain-attestation-miners";

    /// <summary>
    /// Informational (display only, never used for consensus, untrusted): the name of the miner replica that found a
    /// candidate (UTF-8). Written by the Miner on <c>candidates</c>, copied by the Validator onto <c>blocks</c>.
    /// </summary>
    public const string MinerInstance = "aspirechain-miner-instance";

    /// <summary>Informational: proof-of-work attempts the winning search made (decimal integer). Miner, copied by the Validator.</summary>
    public const string ProofOfWorkAttempts = "aspirechain-pow-attempts";

    /// <summary>Informational: how long the winning nonce search ran, in milliseconds (invariant decimal). Miner, copied by the Validator.</summary>
    public const string ProofOfWorkSearchMs = "aspirechain-pow-search-ms";

    /// <summary>Informational: when the miner found the nonce, Unix milliseconds (decimal integer). Miner, copied by the Validator.</summary>
    public const string MinedAtMs = "aspirechain-mined-at-ms";

    /// <summary>Informational: when the Validator finished validating the candidate, Unix milliseconds (decimal integer). Validator, on <c>blocks</c>.</summary>
    public const string ValidatedAtMs = "aspirechain-validated-at-ms";

    /// <summary>The informational headers a miner puts on a candidate, which the Validator carries over to the accepted block.</summary>
    public static IReadOnlyList<string> CandidateProvenance { get; } = [MinerInstance, ProofOfWorkAttempts, ProofOfWorkSearchMs, MinedAtMs];
}
