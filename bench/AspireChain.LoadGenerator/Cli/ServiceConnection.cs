using System.CommandLine;
using AspireChain.Client.Profile;
using AspireChain.Client.Services;

namespace AspireChain.LoadGenerator.Cli;

/// <summary>The HTTP clients of one run, pointed at the URLs given on the command line or found in the environment.</summary>
public sealed class ServiceConnection : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _ingest;
    private readonly HttpClient _chainQuery;

    /// <summary>Creates the clients for the URLs of <paramref name="parse"/> (see <see cref="ServiceOptions.EndpointsOf"/>).</summary>
    public ServiceConnection(ParseResult parse)
    {
        (IngestEndpoint, ChainQueryEndpoint) = ServiceOptions.EndpointsOf(parse);
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

    /// <summary>Fails with <see cref="ServiceUnreachableException"/> unless both services answer.</summary>
    public async Task CheckReachableAsync(CancellationToken cancellationToken)
    {
        await ChainQuery.GetStatsAsync(cancellationToken);
        try
        {
            using var response = await _ingest.GetAsync(new Uri("/", UriKind.Relative), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ServiceUnreachableException("TransactionIngest", _ingest.BaseAddress!, e);
        }
    }

    /// <summary>One line naming both URLs and where each came from.</summary>
    public string Describe() =>
        $"ingest {IngestEndpoint.Url} ({IngestEndpoint.SourceText}), chainquery {ChainQueryEndpoint.Url} ({ChainQueryEndpoint.SourceText})";

    /// <inheritdoc />
    public void Dispose()
    {
        _ingest.Dispose();
        _chainQuery.Dispose();
    }
}
