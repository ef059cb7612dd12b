namespace AspireChain.AppHost.AppModel;

/// <summary>
/// The secret ingest tags each <c>transactions</c> record with (an HMAC saying it verified the signature), held by ingest
/// and the miners only: a miner then checks the tag instead of the signature. The Validator holds no secret: it verifies
/// every signature itself.
/// </summary>
public static class TransferAttestationExtensions
{
    /// <summary>The miners' secret: set <c>Parameters:transfer-attestation-miners</c> to pin it, else each run draws one.</summary>
    public const string MinersParameter = "transfer-attestation-miners";

    /// <summary>The environment variable the secret reaches a service in (<c>TransferAttestation:MinersKey</c>).</summary>
    public const string MinersVariable = "TransferAttestation__MinersKey";

    /// <summary>Adds the miners' secret: 43 random letters and digits (256 bits), per run unless configured; a secret parameter, masked in the dashboard.</summary>
    public static TransferAttestationSecrets AddTransferAttestation(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return new TransferAttestationSecrets(Secret(builder, MinersParameter));
    }

    /// <summary>Ingest holds the miners' secret and tags every record for them.</summary>
    public static IResourceBuilder<ProjectResource> WithAttestingIngest(this IResourceBuilder<ProjectResource> builder, TransferAttestationSecrets secrets) =>
        builder.WithMinersAttestation(secrets);

    /// <summary>A miner checks the miners' tag.</summary>
    public static IResourceBuilder<ProjectResource> WithMinersAttestation(this IResourceBuilder<ProjectResource> builder, TransferAttestationSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(secrets);
        return builder.WithEnvironment(MinersVariable, secrets.Miners);
    }

    private static IResourceBuilder<ParameterResource> Secret(IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 43, Special = false }, secret: true);
}
