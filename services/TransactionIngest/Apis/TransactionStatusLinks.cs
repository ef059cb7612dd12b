namespace AspireChain.TransactionIngest.Apis;

/// <summary>
/// Builds the <c>Location</c> of a transaction's status: ChainQuery's <c>/transactions/{id}</c>, based on the service
/// discovery entry <c>services:chainquery:http:0</c> (or newer Aspire's <c>CHAINQUERY_HTTP</c>) when the AppHost
/// provides it, else a relative path.
/// </summary>
public sealed class TransactionStatusLinks(IConfiguration configuration)
{
    /// <summary>The service discovery key of ChainQuery's HTTP endpoint.</summary>
    public const string ChainQueryEndpointKey = "services:chainquery:http:0";

    /// <summary>The endpoint variable newer Aspire versions set alongside the service discovery key.</summary>
    public const string ChainQueryEndpointVariable = "CHAINQUERY_HTTP";

    private readonly string _base = (configuration[ChainQueryEndpointKey] ?? configuration[ChainQueryEndpointVariable] ?? string.Empty).TrimEnd('/');

    /// <summary>The status URL of transaction <paramref name="id"/>.</summary>
    public string For(string id) => $"{_base}/transactions/{id}";
}
