using System.Net.Http.Json;
using AspireChain.AppHost.Hosting;
using AspireChain.AppHost.Hosting.Testing;
using AspireChain.EmbeddedKafka;
using AspireChain.Ledger;

namespace AspireChain.DistributedTests.Infrastructure;

/// <summary>
/// The whole AspireChain system started from the real AppHost model through the testing builder (test network,
/// embedded broker, free ports), plus what every scenario needs from it: a wallet client, the faucet, the broker's
/// fault injection, the services' status endpoints and the independent audit of the chain.
/// </summary>
internal sealed class ChainSystem : IAsyncDisposable
{
    /// <summary>How long a whole-system start may take on a loaded 2-core machine (7 processes plus the broker).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private ChainSystem(DistributedApplication app)
    {
        App = app;
        BootstrapServers = app.GetConnectionString("kafka") ?? throw new InvalidOperationException("The app has no Kafka connection string.");
        Client = new ChainClient(app.CreateHttpClient("ingest"), new ChainQueryClient(app.CreateHttpClient("chainquery")));
        Faucet = new Faucet(Client, WaitForMinersAsync);
    }

    public DistributedApplication App { get; }

    /// <summary>The broker's bootstrap list (the <c>kafka</c> connection string every service gets).</summary>
    public string BootstrapServers { get; }

    /// <summary>Submits to <c>ingest</c> and reads <c>chainquery</c>.</summary>
    public ChainClient Client { get; }

    public Faucet Faucet { get; }

    /// <summary>The embedded broker's fault injection.</summary>
    public EmbeddedKafkaBroker Broker => App.Broker ?? throw new InvalidOperationException("The system runs no embedded broker.");

    /// <summary>Starts the app model with the test network and <paramref name="arguments"/>, lets <paramref name="configure"/> change it, and waits until every resource is ready.</summary>
    public static async Task<ChainSystem> StartAsync(IEnumerable<string> arguments, Action<DistributedApplicationBuilder>? configure = null)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>(
            [.. TestNetwork.AppHostArguments, "--AppHost:RestartDelay=00:00:01", .. arguments], timeout.Token);
        configure?.Invoke(builder);
        var app = await builder.BuildAsync(timeout.Token);
        try
        {
            await app.StartAsync(timeout.Token);
            await app.WaitForAllHealthyAsync(StartTimeout, timeout.Token);
            return new ChainSystem(app);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A ChainQuery reader for one instance (e.g. a second ChainQuery resource).</summary>
    public ChainQueryClient CreateChainQueryClient(string resource) => new(App.CreateHttpClient(resource));

    /// <summary>A miner replica's mempool and owned partitions.</summary>
    public async Task<MinerStatusView> GetMinerAsync(string replica, CancellationToken cancellationToken)
    {
        using var http = App.CreateHttpClient(replica);
        return await http.GetFromJsonAsync(new Uri("/miner", UriKind.Relative), ServiceJsonContext.Default.MinerStatusView, cancellationToken)
            ?? throw new InvalidOperationException($"{replica} answered null to /miner.");
    }

    /// <summary>Waits until every miner replica that is up has followed <c>blocks</c> to <paramref name="height"/>.</summary>
    public Task WaitForMinersAsync(long height, CancellationToken cancellationToken) =>
        Eventually.TrueAsync(async ct =>
        {
            var running = App.GetResources()
                .Where(r => r.Name.StartsWith("miner-", StringComparison.Ordinal) && r.State == nameof(ResourceState.Healthy))
                .Select(r => r.Name);
            var statuses = await Task.WhenAll(running.Select(m => GetMinerAsync(m, ct)));
            return statuses.All(s => s.Height >= height);
        }, $"every miner at height {height}", cancellationToken);

    /// <summary>A validator replica's tip, stored offsets and whether it is the active one.</summary>
    public async Task<ValidatorStatusView> GetValidatorAsync(string replica, CancellationToken cancellationToken)
    {
        using var http = App.CreateHttpClient(replica);
        return await http.GetFromJsonAsync(new Uri("/validator", UriKind.Relative), ServiceJsonContext.Default.ValidatorStatusView, cancellationToken)
            ?? throw new InvalidOperationException($"{replica} answered null to /validator.");
    }

    /// <summary>Replays <c>blocks</c> from the beginning with the Ledger's rules.</summary>
    public Task<AuditedChain> AuditAsync(CancellationToken cancellationToken) => AuditedChain.ReadAsync(BootstrapServers, cancellationToken);

    /// <summary>
    /// Asserts that a ChainQuery instance shows exactly the audited chain: same height and hashes, its own full
    /// verification passes, no follow faults, and the same balance and nonce for every given address.
    /// </summary>
    public static async Task AssertChainQueryAgreesAsync(ChainQueryClient query, AuditedChain audit, IEnumerable<Address> addresses, CancellationToken cancellationToken)
    {
        await query.WaitForHeightAsync((long)audit.Height, cancellationToken);
        var verification = await query.VerifyChainAsync(cancellationToken);
        Assert.True(verification.Valid, $"{query.BaseAddress} /chain/verify: {verification}");
        Assert.Equal((long)audit.Height, verification.Height);
        Assert.Empty(await query.GetFaultsAsync(cancellationToken));

        var listed = await query.GetWholeChainAsync(cancellationToken);
        var expected = audit.Chain.Blocks.Select(b => ((long)b.Height, b.Hash.ToString())).ToList();
        Assert.Equal(expected, listed.Select(b => (b.Height, b.Hash)).ToList());

        foreach (var address in addresses.Distinct())
        {
            var account = await query.GetAccountAsync(address.ToString(), cancellationToken);
            var replayed = audit.Chain.GetAccount(address);
            Assert.True((ulong)account.Balance == replayed.Balance && (ulong)account.Nonce == replayed.Nonce,
                $"{query.BaseAddress} shows {address} at balance {account.Balance} nonce {account.Nonce}; the chain says {replayed.Balance}/{replayed.Nonce}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Faucet.Dispose();
        await App.DisposeAsync();
    }
}
