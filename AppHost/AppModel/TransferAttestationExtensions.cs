namespace AspireChain.AppHost.AppModel;

/// <summary>
/// The secret ingest tags each <c>transactions</c> record with (an HMAC saying it verified the signature), handed to
/// ingest and the miners only, so a miner checks a tag instead of verifying the signature a second time.
/// </summary>
public static class TransferAttestationExtensions
{
    /// <summary>The parameter's name: set <c>Parameters:transfer-attestation-key</c> to pin it, else each run draws one.</summary>
    public const string ParameterName = "transfer-attestation-key";

    /// <summary>Adds the secret: 43 random letters and digits (256 bits) per run unless configured.</summary>
    public static IResourceBuilder<ParameterResource> AddTransferAttestationKey(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddParameter(ParameterName, new GenerateParameterDefault { MinLength = 43, Special = false }, secret: true);
    }

    /// <summary>Passes the secret to a service that writes or reads <c>transactions</c> as <c>TransferAttestation:Key</c>.</summary>
    public static IResourceBuilder<ProjectResource> WithTransferAttestation(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ParameterResource> key)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithEnvironment("TransferAttestation__Key", key);
    }
}
