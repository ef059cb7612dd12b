namespace AspireChain.LoadGenerator.Services;

/// <summary>A service did not answer at all (refused, DNS, timeout): the CLI reports it in one line with exit code 2.</summary>
public sealed class ServiceUnreachableException(string service, Uri url, Exception inner)
    : Exception($"{service} is unreachable at {url}: {inner.Message}", inner);
