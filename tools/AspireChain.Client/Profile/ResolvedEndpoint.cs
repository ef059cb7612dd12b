namespace AspireChain.Client.Profile;

/// <summary>A service's base URL and where it came from (an "unreachable" error says both, so the fix is obvious).</summary>
public sealed record ResolvedEndpoint(string Service, Uri Url, EndpointSource Source)
{
    /// <summary>How the source reads in a message.</summary>
    public string SourceText => Source switch
    {
        EndpointSource.Option => "from the command line",
        EndpointSource.ServiceDiscovery => $"from {ServiceEndpoints.DiscoveryVariable(Service, "http")}",
        EndpointSource.EndpointsFile => $"from the AppHost's {ProfileDirectory.EndpointsFileName}",
        _ => "the launch-profile default",
    };
}
