namespace AspireChain.ServiceDefaults.OpenApi;

/// <summary>Endpoint metadata naming the problem rules an endpoint may answer with, read by the OpenAPI operation transformer.</summary>
public sealed class ProblemRulesMetadata(IReadOnlyList<ProblemRule> rules)
{
    /// <summary>The rules, in the order the endpoint listed them.</summary>
    public IReadOnlyList<ProblemRule> Rules { get; } = rules;
}
