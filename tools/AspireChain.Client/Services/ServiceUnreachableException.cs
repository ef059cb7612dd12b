namespace AspireChain.Client.Services;

/// <summary>A service did not answer at all (refused, DNS, timeout): a command line reports it in one line, never a stack trace.</summary>
public sealed class ServiceUnreachableException(string service, Uri url, Exception inner)
    : Exception($"{service} is unreachable at {url}: {inner.Message}", inner)
{
    /// <summary>The service's name (TransactionIngest, ChainQuery).</summary>
    public string Service { get; } = service;

    /// <summary>The base URL that did not answer.</summary>
    public Uri Url { get; } = url;
}
