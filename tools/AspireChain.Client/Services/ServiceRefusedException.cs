namespace AspireChain.Client.Services;

/// <summary>A service answered with an error that retrying the same request cannot fix (e.g. a refused transaction).</summary>
public sealed class ServiceRefusedException : Exception
{
    /// <summary>A refusal described by <paramref name="message"/>, with the service's rule code when it gave one.</summary>
    public ServiceRefusedException(string message, string? rule = null)
        : base(message)
    {
        Rule = rule;
    }

    /// <summary>The problem document's <c>rule</c> (e.g. <c>malformed-address</c>), when the service sent one.</summary>
    public string? Rule { get; }
}
