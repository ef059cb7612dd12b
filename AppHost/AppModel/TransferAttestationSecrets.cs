namespace AspireChain.AppHost.AppModel;

/// <summary>The miners' and the validators' attestation secrets of one run.</summary>
/// <param name="Miners">Held by ingest and the miners.</param>
/// <param name="Validators">Held by ingest and the validators.</param>
public sealed record TransferAttestationSecrets(IResourceBuilder<ParameterResource> Miners, IResourceBuilder<ParameterResource> Validators);
