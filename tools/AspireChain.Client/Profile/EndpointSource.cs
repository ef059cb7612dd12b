namespace AspireChain.Client.Profile;

/// <summary>Where a service URL came from, in the order they are tried.</summary>
public enum EndpointSource
{
    /// <summary>A command-line option (<c>--ingest</c>, <c>--chainquery</c>).</summary>
    Option,

    /// <summary>Aspire's service-discovery variable (<c>services__ingest__http__0</c>), set when run as a resource.</summary>
    ServiceDiscovery,

    /// <summary>The <c>endpoints.json</c> a running AppHost wrote.</summary>
    EndpointsFile,

    /// <summary>The AppHost's launch-profile port (ingest 5080, chainquery 5090).</summary>
    Default,
}
