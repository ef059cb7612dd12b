using System.CommandLine;
using AspireChain.Client.Profile;
using AspireChain.Client.Services;
using AspireChain.Contracts.Telemetry;

namespace AspireChain.Cli.Sessions;

/// <summary>
/// The services one command talks to: their URLs (option, service discovery, the AppHost's endpoints file, default),
/// the HTTP clients, the network to sign for and the links a person follows (explorer, dashboard trace).
/// </summary>
public sealed class ServiceSession : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _ingest;
    private readonly HttpClient _chainQuery;
    private readonly ParseResult _parse;
    private readonly EndpointsFile? _file;

    /// <summary>Resolves the URLs for <paramref name="parse"/> in <paramref name="environment"/>.</summary>
    public ServiceSession(ParseResult parse, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(environment);
        _parse = parse;
        _file = EndpointsFile.TryRead(Path.Combine(environment.Home, ProfileDirectory.EndpointsFileName));
        IngestEndpoint = ServiceEndpoints.Resolve(ServiceEndpoints.Ingest, parse.GetValue(GlobalOptions.Ingest), environment.Variables, _file);
        ChainQueryEndpoint = ServiceEndpoints.Resolve(ServiceEndpoints.ChainQuery, parse.GetValue(GlobalOptions.ChainQuery), environment.Variables, _file);
        _ingest = new HttpClient { BaseAddress = IngestEndpoint.Url, Timeout = RequestTimeout };
        _chainQuery = new HttpClient { BaseAddress = ChainQueryEndpoint.Url, Timeout = RequestTimeout };
        Ingest = new IngestClient(_ingest);
        ChainQuery = new ChainQueryClient(_chainQuery);
    }

    /// <summary>Where TransactionIngest is, and why there.</summary>
    public ResolvedEndpoint IngestEndpoint { get; }

    /// <summary>Where ChainQuery is, and why there.</summary>
    public ResolvedEndpoint ChainQueryEndpoint { get; }

    /// <summary>TransactionIngest.</summary>
    public IngestClient Ingest { get; }

    /// <summary>ChainQuery.</summary>
    public ChainQueryClient ChainQuery { get; }

    /// <summary>ChainQuery for an operator operation: the same endpoint, sending <paramref name="operatorToken"/> as a bearer token when given.</summary>
    public ChainQueryClient ChainQueryAsOperator(string? operatorToken) => new(_chainQuery, operatorToken);

    /// <summary>The Aspire dashboard's URL, when the running AppHost's endpoints file names it.</summary>
    public Uri? Dashboard => _file?.Dashboard;

    /// <summary>The endpoint (with its source) a URL belongs to, for error messages.</summary>
    public ResolvedEndpoint? EndpointOf(Uri url) =>
        url == IngestEndpoint.Url ? IngestEndpoint : url == ChainQueryEndpoint.Url ? ChainQueryEndpoint : null;

    /// <summary>
    /// The network to sign for: pinned by <c>--network</c>/<c>--chain-id</c>, else by the AppHost's endpoints file when
    /// ChainQuery's URL came from it, and checked against ChainQuery's <c>/network</c> (see <see cref="NetworkPin"/>).
    /// </summary>
    public async Task<NetworkChoice> NetworkAsync(CancellationToken cancellationToken)
    {
        // The local file describes the local run: it pins only when ChainQuery is that run's.
        var file = ChainQueryEndpoint.Source == EndpointSource.EndpointsFile ? _file : null;
        var pinned = NetworkPin.From(_parse.GetValue(GlobalOptions.Network), _parse.GetValue(GlobalOptions.ChainId), file);
        var reported = await ChainQuery.GetNetworkAsync(cancellationToken).ConfigureAwait(false);
        return NetworkPin.Check(pinned, reported, ChainQueryEndpoint.Url);
    }

    /// <summary>The explorer page of transaction <paramref name="id"/> (with its trace id, so the page links to the exact trace).</summary>
    public string ExplorerUrl(string id, string? traceId) =>
        new Uri(ChainQueryEndpoint.Url, traceId is null ? $"/#tx/{id}" : $"/#tx/{id}?trace={traceId}").ToString();

    /// <summary>The transfer's trace in the dashboard, when the dashboard is known: by trace id, else the traces filtered by transaction id.</summary>
    public string? TraceUrl(string id, string? traceId) =>
        Dashboard is not { } dashboard ? null
        : traceId is not null ? new Uri(dashboard, $"/traces/detail/{traceId}").ToString()
        : new Uri(dashboard, $"/traces?filters={Uri.EscapeDataString($"{ChainAttributes.TransactionId}:equals:{id}")}").ToString();

    /// <inheritdoc />
    public void Dispose()
    {
        _ingest.Dispose();
        _chainQuery.Dispose();
    }
}
