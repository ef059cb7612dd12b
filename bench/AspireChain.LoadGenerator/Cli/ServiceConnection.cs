using System.CommandLine;
using AspireChain.LoadGenerator.Services;

namespace AspireChain.LoadGenerator.Cli;

/// <summary>The HTTP clients of one run, pointed at the URLs given on the command line.</summary>
public sealed class ServiceConnection : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _ingest;
    private readonly HttpClient _chainQuery;

    /// <summary>Creates the clients for the URLs in <paramref name="parse"/>.</summary>
    public ServiceConnection(ParseResult parse)
    {
        _ingest = new HttpClient { BaseAddress = parse.GetValue(ServiceOptions.Ingest), Timeout = RequestTimeout };
        _chainQuery = new HttpClient { BaseAddress = parse.GetValue(ServiceOptions.ChainQuery), Timeout = RequestTimeout };
        Ingest = new IngestClient(_ingest);
        ChainQuery = new ChainQueryClient(_chainQuery);
    }

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

    /// <inheritdoc />
    public void Dispose()
    {
        _ingest.Dispose();
        _chainQuery.Dispose();
    }
}
