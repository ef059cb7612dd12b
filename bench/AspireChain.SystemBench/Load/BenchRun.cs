using System.Diagnostics;
using System.Globalization;
using AspireChain.SystemBench.Hosting;
using AspireChain.SystemBench.Measure;
using AspireChain.SystemBench.Report;
using AspireChain.Client.Services;
using AspireChain.Client.Transfers;
using AspireChain.Client.Wallets;
using AspireChain.Ledger;

namespace AspireChain.SystemBench.Load;

/// <summary>
/// One measured run against a system: fund the wallets, follow blocks, drive the load for its duration, keep following
/// until every acknowledged transfer has an outcome (or the drain time is up), then put the figures together.
/// </summary>
public sealed class BenchRun(ISystemUnderTest system, LoadShape shape, MachineLimits limits)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FundingTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs the bench and returns its result.</summary>
    public async Task<BenchResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        using var ingestHttp = new HttpClient { BaseAddress = system.Ingest, Timeout = RequestTimeout };
        using var chainQueryHttp = new HttpClient { BaseAddress = system.ChainQuery, Timeout = RequestTimeout };
        var ingest = new IngestClient(ingestHttp);
        // Verification is an operator operation: outside Development ChainQuery wants the operator token.
        var chainQuery = new ChainQueryClient(chainQueryHttp, Environment.GetEnvironmentVariable("ASPIRECHAIN_OPERATOR_TOKEN"));
        var figures = new ChainFiguresReader(chainQueryHttp);

        var reported = await chainQuery.GetNetworkAsync(cancellationToken);
        if (reported?.Name is not ("dev" or "test"))
        {
            throw new ServiceRefusedException($"The chain runs network '{reported?.Name}': the bench funds wallets from the dev faucet, which exists on dev and test networks only.");
        }

        var network = NetworkParameters.From(new ChainOptions { Network = reported.Name });
        using var faucet = await WalletSource.FaucetAsync(chainQuery, cancellationToken);
        var wallets = await WalletSource.CreateAsync(shape.Seed.ToString(CultureInfo.InvariantCulture), shape.Wallets, chainQuery, cancellationToken);
        try
        {
            var funding = Stopwatch.StartNew();
            var funded = await new WalletFunding(ingest, chainQuery, network).FundAsync(faucet, wallets, FundingTimeout, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"funded {funded.Transfers} of {wallets.Count} wallets from the dev faucet in {funding.Elapsed.TotalSeconds:0.0} s (from height {funded.HeightBefore}; first confirmed {funded.FirstConfirmedMs / 1000:0.00} s after submit)"));
            var result = await MeasureAsync(
                startedAt, ingest, chainQuery, new BlockReader(chainQueryHttp), figures, new BlockStagesReader(chainQueryHttp), wallets, network, cancellationToken);
            return result with { Funding = funded };
        }
        finally
        {
            foreach (var wallet in wallets)
            {
                wallet.Dispose();
            }
        }
    }

    private async Task<BenchResult> MeasureAsync(
        DateTimeOffset startedAt, IngestClient ingest, ChainQueryClient chainQuery, BlockReader blocks, ChainFiguresReader figures,
        BlockStagesReader stagesReader, IReadOnlyList<Wallet> wallets, NetworkParameters network, CancellationToken cancellationToken)
    {
        var follower = new OutcomeFollower(chainQuery, blocks);
        var driver = new LoadDriver(ingest, wallets, network, shape, follower);
        var signing = Stopwatch.StartNew();
        driver.Prepare(cancellationToken);
        if (driver.Presigned > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"signed {driver.Presigned} transfers ahead of the run in {signing.Elapsed.TotalSeconds:0.0} s"));
        }

        await follower.StartAsync(cancellationToken);
        var before = await figures.ReadAsync(cancellationToken);
        var loadBefore = ProcFileSystem.LoadAverage();
        using var following = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var blockTask = follower.FollowBlocksAsync(following.Token);
        var rejectionTask = follower.FollowRejectionsAsync(following.Token);

        var processes = system.Processes();
        var cpuBefore = ProcessSampler.Sample(processes);
        var start = Stopwatch.GetTimestamp();
        var phase = "load";
        long loadEnd = 0;
        var run = Task.Run(async () =>
        {
            await driver.RunAsync(cancellationToken);
            loadEnd = Stopwatch.GetTimestamp();
            phase = "drain";
            var drainDeadline = loadEnd + (long)(shape.Drain.TotalSeconds * Stopwatch.Frequency);
            while (follower.Outstanding > 0 && Stopwatch.GetTimestamp() < drainDeadline)
            {
                await Task.Delay(250, cancellationToken);
            }
        }, cancellationToken);

        var progress = new ProgressTracker(driver, follower, system, start, () => phase);
        await LiveProgress.ShowAsync(progress.Read, run);
        await run;
        var end = Stopwatch.GetTimestamp();
        var cpuAfter = ProcessSampler.Sample(processes);
        var loadAfter = ProcFileSystem.LoadAverage();
        var after = await figures.ReadAsync(cancellationToken);
        await following.CancelAsync();
        await Task.WhenAll(blockTask, rejectionTask);
        await follower.ResolveRemainingAsync(cancellationToken);
        var stages = before is not null && after is not null ? await stagesReader.ReadAsync(before.Height, after.Height, cancellationToken) : null;
        // Afterwards the whole stored chain must still pass every rule, and the read model's accounts match its replay:
        // a verification run is started (POST /chain/verify) and polled to its verdict.
        var verified = await chainQuery.VerifyAsync(cancellationToken);

        var window = Stopwatch.GetElapsedTime(start, end).TotalSeconds;
        var costs = processes
            .Where(p => cpuBefore.ContainsKey(p.Name) && cpuAfter.ContainsKey(p.Name))
            .Select(p => (Unit: p, Cpu: Math.Max(0, cpuAfter[p.Name].CpuSeconds - cpuBefore[p.Name].CpuSeconds)))
            .Select(p => new ProcessCost(p.Unit.Name, p.Unit.Service, p.Cpu, p.Cpu / window, cpuAfter[p.Unit.Name].PeakResidentBytes / 1048576.0))
            .ToList();
        var services = costs.GroupBy(c => c.Service, StringComparer.Ordinal)
            .Select(g => new ProcessCost(g.Count() > 1 ? string.Create(CultureInfo.InvariantCulture, $"{g.Key} ×{g.Count()}") : g.Key, g.Key,
                g.Sum(c => c.CpuSeconds), g.Sum(c => c.CoresUsed), g.Any(c => c.PeakResidentMegabytes is not null) ? g.Sum(c => c.PeakResidentMegabytes ?? 0) : null))
            .OrderByDescending(c => c.CpuSeconds)
            .ToList();

        var submissions = driver.Submissions;
        return new ResultBuilder(shape, limits, system).Build(
            startedAt, submissions, follower, start, loadEnd, end, before, after, loadBefore, loadAfter, costs, services) with { Stages = stages, Verification = verified };
    }

    /// <summary>Reads the counters once a second for the live display, with rates over the last five seconds.</summary>
    private sealed class ProgressTracker(LoadDriver driver, OutcomeFollower follower, ISystemUnderTest system, long start, Func<string> phase)
    {
        private readonly Queue<(long At, int Acknowledged, int Confirmed)> _recent = new();
        private IReadOnlyDictionary<string, ProcessReading>? _lastCpu;
        private long _lastCpuAt;

        public ProgressSnapshot Read()
        {
            var now = Stopwatch.GetTimestamp();
            var acknowledged = driver.Acknowledged;
            var confirmed = follower.Confirmed;
            _recent.Enqueue((now, acknowledged, confirmed));
            while (_recent.Count > 6)
            {
                _recent.Dequeue();
            }

            var oldest = _recent.Peek();
            var span = Stopwatch.GetElapsedTime(oldest.At, now).TotalSeconds;
            var processes = system.Processes();
            var cpu = ProcessSampler.Sample(processes);
            var cores = new List<(string, double)>();
            if (_lastCpu is not null)
            {
                var seconds = Stopwatch.GetElapsedTime(_lastCpuAt, now).TotalSeconds;
                cores = [.. processes.GroupBy(p => p.Service, StringComparer.Ordinal).Select(g => (g.Key,
                    g.Sum(p => cpu.TryGetValue(p.Name, out var a) && _lastCpu.TryGetValue(p.Name, out var b) ? Math.Max(0, a.CpuSeconds - b.CpuSeconds) : 0) / seconds))];
            }

            _lastCpu = cpu;
            _lastCpuAt = now;
            return new ProgressSnapshot(phase(), Stopwatch.GetElapsedTime(start, now), driver.Submitted, acknowledged, confirmed, follower.Rejected,
                follower.Outstanding, follower.TipHeight,
                span > 0 ? (acknowledged - oldest.Acknowledged) / span : 0, span > 0 ? (confirmed - oldest.Confirmed) / span : 0,
                cores, ProcFileSystem.LoadAverage());
        }
    }
}
