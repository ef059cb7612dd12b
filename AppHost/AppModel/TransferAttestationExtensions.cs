namespace AspireChain.AppHost.AppModel;

/// <summary>
/// The two secrets ingest tags each <c>transactions</c> record with (an HMAC per audience saying it verified the
/// signature): the miners' goes to ingest and the miners, the validators' to ingest and the validators, so no miner can
/// vouch for a transfer to the Validator.
/// </summary>
public static class TransferAttestationExtensions
{
    /// <summary>The miners' secret: set <c>Parameters:transfer-attestation-miners</c> to pin it, else each run draws one.</summary>
    public const string MinersParameter = "transfer-attestation-miners";

    /// <summary>The validators' secret: set <c>Parameters:transfer-attestation-validators</c> to pin it, else each run draws one.</summary>
    public const string ValidatorsParameter = "transfer-attestation-validators";

    /// <summary>Adds both secrets: 43 random letters and digits (256 bits) each, per run unless configured.</summary>
    public static TransferAttestationSecrets AddTransferAttestation(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return new TransferAttestationSecrets(Secret(builder, MinersParameter), Secret(builder, ValidatorsParameter));
    }

    /// <summary>Ingest holds both secrets and tags every record for both audiences.</summary>
    public static IResourceBuilder<ProjectResource> WithAttestingIngest(this IResourceBuilder<ProjectResource> builder, TransferAttestationSecrets secrets) =>
        builder.WithMinersAttestation(secrets).WithValidatorsAttestation(secrets);

    /// <summary>A miner checks the miners' tag.</summary>
    public static IResourceBuilder<ProjectResource> WithMinersAttestation(this IResourceBuilder<ProjectResource> builder, TransferAttestationSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(secrets);
        return builder.WithEnvironment("TransferAttestation__MinersKey", secrets.Miners);
    }

    /// <summary>A validator checks the validators' tag.</summary>
    public static IResourceBuilder<ProjectResource> WithValidatorsAttestation(this IResourceBuilder<ProjectResource> builder, TransferAttestationSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(secrets);
        return builder.WithEnvironment("TransferAttestation__ValidatorsKey", secrets.Validators);
    }

    private static IResourceBuilder<ParameterResource> Secret(IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 43, Special = false }, secret: true);
}
