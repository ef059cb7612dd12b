namespace AspireChain.TransactionIngest.Apis;

/// <summary>
/// Builds the <c>Location</c> of a transaction's status: ChainQuery's <c>/transactions/{id}</c>, based on the service
/// discovery entry <c>services:chainquery:http:0</c> when the AppHost provides it, else a relative path.
/// </summary>
public sealed class TransactionStatusLinks(IConfiguration configuration)
{
    /// <summary>The service discovery key of ChainQuery's HTTP endpoint.</summary>
    public const string ChainQueryEndpointKey = "services:chainquery:http:0";

    private readonly string _base = (configuration[ChainQueryEndpointKey] ?? string.Empty).TrimEnd('/');

    /// <summary>The status URL of transaction <paramref name="id"/>.</summary>
    public string For(string id) => $"{_base}/transactions/{id}";
}
