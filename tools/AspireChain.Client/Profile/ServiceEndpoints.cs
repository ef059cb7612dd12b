namespace AspireChain.Client.Profile;

/// <summary>
/// Finds a service's URL: the command-line option, else Aspire's service-discovery variable (set when the tool runs
/// as an Aspire resource with a reference to the service), else the endpoints file of a running AppHost, else the
/// AppHost's launch-profile port.
/// </summary>
public static class ServiceEndpoints
{
    /// <summary>TransactionIngest's resource name.</summary>
    public const string Ingest = "ingest";

    /// <summary>ChainQuery's resource name.</summary>
    public const string ChainQuery = "chainquery";

    /// <summary>Ingest's proxied port in the AppHost's launch profile.</summary>
    public static Uri DefaultIngest { get; } = new("http://localhost:5080");

    /// <summary>ChainQuery's proxied port in the AppHost's launch profile.</summary>
    public static Uri DefaultChainQuery { get; } = new("http://localhost:5090");

    /// <summary>The variable Aspire sets for a referenced service's endpoint, e.g. <c>services__ingest__http__0</c>.</summary>
    public static string DiscoveryVariable(string service, string scheme) => $"services__{service}__{scheme}__0";

    /// <summary>Resolves <paramref name="service"/> (<see cref="Ingest"/> or <see cref="ChainQuery"/>) in the documented order.</summary>
    public static ResolvedEndpoint Resolve(string service, Uri? option, Func<string, string?> environment, EndpointsFile? file)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(environment);
        if (option is not null)
        {
            return new ResolvedEndpoint(service, option, EndpointSource.Option);
        }

        foreach (var scheme in (string[])["http", "https"])
        {
            if (TryParseUrl(environment(DiscoveryVariable(service, scheme)), out var discovered))
            {
                return new ResolvedEndpoint(service, discovered, EndpointSource.ServiceDiscovery);
            }
        }

        var fromFile = service switch
        {
            Ingest => file?.Ingest,
            ChainQuery => file?.ChainQuery,
            _ => null,
        };
        if (fromFile is not null && IsHttpUrl(fromFile))
        {
            return new ResolvedEndpoint(service, fromFile, EndpointSource.EndpointsFile);
        }

        return new ResolvedEndpoint(service, service == Ingest ? DefaultIngest : DefaultChainQuery, EndpointSource.Default);
    }

    /// <summary>Parses an absolute http(s) URL; false for anything else.</summary>
    public static bool TryParseUrl(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? url)
    {
        url = null;
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var parsed) || !IsHttpUrl(parsed))
        {
            return false;
        }

        url = parsed;
        return true;
    }

    private static bool IsHttpUrl(Uri url) => url.IsAbsoluteUri && url.Scheme is "http" or "https";
}
