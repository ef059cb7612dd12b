using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using AspireChain.EmbeddedKafka;
using AspireChain.Hosting;
using AspireChain.Ledger;
using AspireChain.Testing;
using AspireChain.Testing.Aspire;
using AspireChain.Testing.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspireChain.DistributedTests.Infrastructure;

/// <summary>
/// The whole AspireChain system started from the real AppHost through Aspire.Hosting.Testing (test network, embedded
/// broker, free ports, the services' spans sent to a collector the test hosts), plus what every scenario needs from it:
/// a wallet client, the faucet, the Kafka resource, the replicas, their status endpoints and the audit of the chain.
/// </summary>
internal sealed class ChainSystem : IAsyncDisposable
{
    /// <summary>How long a whole-system start may take on a loaded 2-core machine (7 processes plus the broker).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private ChainSystem(AppHostRun run)
    {
        Run = run;
        Kafka = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<KafkaClusterResource>().Single();
        BootstrapServers = Kafka.BootstrapServers.Value ?? throw new InvalidOperationException("The Kafka resource has no bootstrap list.");
        Client = new ChainClient(App.CreateHttpClient("ingest"), new ChainQueryClient(App.CreateHttpClient("chainquery")));
        Faucet = new Faucet(Client, WaitForMinersAsync);
    }

    public AppHostRun Run { get; }

    public DistributedApplication App => Run.App;

    /// <summary>Snapshots, console logs and commands of every resource and replica.</summary>
    public ResourceMonitor Resources => Run.Resources;

    /// <summary>Every span the services exported.</summary>
    public SpanStore Spans => Run.Spans ?? throw new InvalidOperationException("The services export to a dashboard, not to the test.");

    /// <summary>The Kafka resource of the app model (the embedded broker).</summary>
    public KafkaClusterResource Kafka { get; }

    /// <summary>The broker's bootstrap list (the <c>kafka</c> connection string every service gets).</summary>
    public string BootstrapServers { get; }

    /// <summary>Submits to <c>ingest</c> and reads <c>chainquery</c>.</summary>
    public ChainClient Client { get; }

    public Faucet Faucet { get; }

    /// <summary>The embedded broker, for the faults no dashboard command offers (round-trip time, leader moves).</summary>
    public EmbeddedKafkaBroker Broker => Kafka.Broker ?? throw new InvalidOperationException("The system runs no embedded broker.");

    /// <summary>The miner replicas (e.g. <c>miner-x7k2f9qa</c>).</summary>
    public IReadOnlyList<string> Miners => Resources.Replicas("miner");

    /// <summary>The validator replicas.</summary>
    public IReadOnlyList<string> Validators => Resources.Replicas("validator");

    /// <summary>Starts the AppHost with the test network and <paramref name="arguments"/>, lets <paramref name="configure"/> change the model, and waits until every resource is healthy.</summary>
    public static async Task<ChainSystem> StartAsync(IEnumerable<string> arguments, Action<IDistributedApplicationTestingBuilder>? configure = null)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var run = await AppHostRun.StartAsync<Projects.AspireChain_AppHost>([.. SystemNetwork.AppHostArguments, .. arguments], configure, dashboard: false, timeout.Token);
        return new ChainSystem(run);
    }

    /// <summary>A ChainQuery reader for one instance (e.g. a second ChainQuery resource).</summary>
    public ChainQueryClient CreateChainQueryClient(string resource) => new(App.CreateHttpClient(resource));

    /// <summary>A miner replica's mempool and owned partitions.</summary>
    public async Task<MinerStatusView> GetMinerAsync(string replica, CancellationToken cancellationToken)
    {
        using var http = Resources.CreateHttpClient(replica);
        return await http.GetFromJsonAsync(new Uri("/miner", UriKind.Relative), ServiceJsonContext.Default.MinerStatusView, cancellationToken)
            ?? throw new InvalidOperationException($"{replica} answered null to /miner.");
    }

    /// <summary>Waits until every miner replica that is up has followed <c>blocks</c> to <paramref name="height"/>.</summary>
    public Task WaitForMinersAsync(long height, CancellationToken cancellationToken) =>
        Eventually.TrueAsync(async ct =>
        {
            var running = Miners.Where(m => Resources.Snapshot(m) is { HealthStatus: HealthStatus.Healthy } s && s.State?.Text == KnownResourceStates.Running);
            var statuses = await Task.WhenAll(running.Select(m => GetMinerAsync(m, ct)));
            return statuses.All(s => s.Height >= height);
        }, $"every miner at height {height}", cancellationToken);

    /// <summary>A validator replica's tip, stored offsets and whether it is the active one.</summary>
    public async Task<ValidatorStatusView> GetValidatorAsync(string replica, CancellationToken cancellationToken)
    {
        using var http = Resources.CreateHttpClient(replica);
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
        await Run.DisposeAsync();
    }
}
