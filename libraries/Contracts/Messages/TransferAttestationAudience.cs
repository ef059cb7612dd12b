namespace AspireChain.Contracts.Messages;

/// <summary>
/// Who a <see cref="TransferAttestation"/> tag is for: the label the tag is computed over (so a tag for one audience is
/// never a tag for another, whatever the secrets), the header it travels in and where its secret is configured.
/// </summary>
/// <param name="Name">A short name for messages (<c>miners</c>).</param>
/// <param name="Label">The domain label hashed first into every tag of this audience (ASCII, no NUL).</param>
/// <param name="Header">The Kafka header the tag travels in.</param>
/// <param name="ConfigurationKey">The configuration key of the audience's secret.</param>
public sealed record TransferAttestationAudience(string Name, string Label, string Header, string ConfigurationKey)
{
    /// <summary>The miners: ingest and every miner hold this secret, so the owning miner skips a verified signature.</summary>
    public static TransferAttestationAudience Miners { get; } = new(
        "miners", "aspirechain/transfer-attestation/v2/miners", Kafka.KafkaHeaderNames.MinersAttestation, TransferAttestation.MinersConfigurationKey);
}
