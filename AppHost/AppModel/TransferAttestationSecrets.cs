namespace AspireChain.AppHost.AppModel;

/// <summary>The attestation secrets of one run (one audience today: the miners).</summary>
/// <param name="Miners">Held by ingest and the miners.</param>
public sealed record TransferAttestationSecrets(IResourceBuilder<ParameterResource> Miners);
