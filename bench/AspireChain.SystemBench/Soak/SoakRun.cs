using System.Diagnostics;
using System.Globalization;
using AspireChain.SystemBench.Hosting;
using AspireChain.SystemBench.Load;
using AspireChain.SystemBench.Measure;
using AspireChain.SystemBench.Report;
using AspireChain.Client.Services;
using AspireChain.Client.Wallets;
using AspireChain.Ledger;

namespace AspireChain.SystemBench.Soak;

/// <summary>
/// One soak against a system: fund a fixed set of wallets (after that the chain's accounts stop growing while its
/// history grows), offer transfers between them at a rate for the duration, sample every process and store at an
/// interval, drain, verify the chain, and read from the samples how memory and disk grew per confirmed transfer.
/// Nothing in the bench grows per transfer: outcomes are counted and forgotten, latencies go into histograms, and the
/// samples grow with time only.
/// </summary>
public sealed class SoakRun(ISystemUnderTest system, SoakShape shape)
{
    /// <summary>The phase of samples taken while transfers are offered.</summary>
    public const string LoadPhase = "load";

    /// <summary>The phase of samples taken after the last submission, while outcomes are awaited.</summary>
    public const string DrainPhase = "drain";

    /// <summary>The phase of the last sample, once the drain is over.</summary>
    public const string EndPhase = "end";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FundingTimeout = TimeSpan.FromMinutes(2);

    // /chain/verify re-validates the whole stored chain: after an hour's soak that takes far longer than one request.
    private static readonly TimeSpan VerifyTimeout = TimeSpan.FromMinutes(30);

    private volatile string _phase = LoadPhase;

    /// <summary>Runs the soak; a cancelled one returns what it sampled until then (no drain, no verification).</summary>
    public async Task<SoakResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        using var ingestHttp = new HttpClient { BaseAddress = system.Ingest, Timeout = RequestTimeout };
        using var chainQueryHttp = new HttpClient { BaseAddress = system.ChainQuery, Timeout = RequestTimeout };
        var ingest = new IngestClient(ingestHttp);
        var chainQuery = new ChainQueryClient(chainQueryHttp);

        var reported = await chainQuery.GetNetworkAsync(cancellationToken);
        if (reported?.Name is not ("dev" or "test"))
        {
            throw new ServiceRefusedException($"The chain runs network '{reported?.Name}': the soak funds wallets from the dev faucet, which exists on dev and test networks only.");
        }

        var network = NetworkParameters.From(new ChainOptions { Network = reported.Name });
        using var faucet = await WalletSource.FaucetAsync(chainQuery, cancellationToken);
        var wallets = await WalletSource.CreateAsync(shape.Load.Seed.ToString(CultureInfo.InvariantCulture), shape.Load.Wallets, chainQuery, cancellationToken);
        try
        {
            var funding = Stopwatch.StartNew();
            var funded = await new WalletFunding(ingest, chainQuery, network).FundAsync(faucet, wallets, FundingTimeout, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"funded {funded.Transfers} of {wallets.Count} wallets from the dev faucet in {funding.Elapsed.TotalSeconds:0.0} s (from height {funded.HeightBefore}); the soak sends between these {wallets.Count} only"));
            var result = await MeasureAsync(startedAt, ingest, chainQuery, new BlockReader(chainQueryHttp), wallets, network, cancellationToken);
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

    /// <summary>One plain line of a sample's memory, for logs (a terminal shows the live table instead).</summary>
    private static string MemoryLine(SoakSample sample) => string.Create(CultureInfo.InvariantCulture,
        $"[{sample.ElapsedSeconds,5:0}s {sample.Phase}] {sample.Transfers:N0} confirmed, height {sample.Height} | RSS anon MB: {string.Join(" ", sample.Processes.Select(p => $"{p.Name} {p.RssAnonBytes / 1048576.0:0}"))}");

    private async Task<SoakResult> MeasureAsync(
        DateTimeOffset startedAt, IngestClient ingest, ChainQueryClient chainQuery, BlockReader blocks, IReadOnlyList<Wallet> wallets,
        NetworkParameters network, CancellationToken cancellationToken)
    {
        var follower = new SoakFollower(chainQuery, blocks);
        var driver = new SoakDriver(ingest, wallets, network, shape, follower);
        var sampler = new SoakSampler(system);
        var samples = new List<SoakSample>();
        await follower.StartAsync(cancellationToken);
        using var following = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var blockTask = follower.FollowBlocksAsync(following.Token);
        var rejectionTask = follower.FollowRejectionsAsync(following.Token);

        var loadBefore = ProcFileSystem.LoadAverage();
        var start = Stopwatch.GetTimestamp();
        long loadEnd = 0;
        double Elapsed() => Stopwatch.GetElapsedTime(start).TotalSeconds;
        SoakSample TakeSample(string phase)
        {
            var sample = sampler.Sample(Elapsed(), phase, driver.Submitted, follower.Confirmed, follower.TipHeight);
            lock (samples)
            {
                samples.Add(sample);
            }

            return sample;
        }

        TakeSample(LoadPhase);
        var run = Task.Run(async () =>
        {
            await driver.RunAsync(cancellationToken);
            loadEnd = Stopwatch.GetTimestamp();
            _phase = DrainPhase;
            var drainDeadline = loadEnd + (long)(shape.Load.Drain.TotalSeconds * Stopwatch.Frequency);
            while (follower.Open > 0 && Stopwatch.GetTimestamp() < drainDeadline)
            {
                await Task.Delay(250, cancellationToken);
            }
        }, cancellationToken);

        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampling = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(shape.SampleInterval);
            try
            {
                while (await timer.WaitForNextTickAsync(stopSampling.Token))
                {
                    var sample = TakeSample(_phase);
                    if (Console.IsOutputRedirected)
                    {
                        Console.WriteLine(MemoryLine(sample));
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The soak is over (or cancelled).
            }
        }, CancellationToken.None);

        var progress = new SoakProgress(driver, follower, samples, start, () => _phase);
        await LiveProgress.ShowAsync(progress.Read, run);
        var cancelled = false;
        string? failure = null;
        try
        {
            await run;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }
        catch (Exception e) when (e is ServiceUnreachableException or ServiceRefusedException)
        {
            // An hour's samples are worth keeping when Ingest stops answering in its last minute.
            failure = e.Message;
        }

        await stopSampling.CancelAsync();
        await sampling;
        TakeSample(EndPhase);
        var loadAfter = ProcFileSystem.LoadAverage();
        var loadSeconds = Stopwatch.GetElapsedTime(start, loadEnd == 0 ? Stopwatch.GetTimestamp() : loadEnd).TotalSeconds;
        await following.CancelAsync();
        await Task.WhenAll(blockTask, rejectionTask);

        ChainVerificationView? verified = null;
        if (!cancelled && failure is null)
        {
            await follower.ResolveRemainingAsync(cancellationToken);
            Console.WriteLine("verifying the chain (/chain/verify) ...");
            using var verifyHttp = new HttpClient { BaseAddress = system.ChainQuery, Timeout = VerifyTimeout };
            verified = await new ChainQueryClient(verifyHttp).VerifyAsync(cancellationToken);
        }

        var fitted = GrowthFit.PastWarmup(samples, shape.Warmup, loadSeconds);
        var lost = follower.LostByStatus.Values.Sum() + follower.Open;
        var counts = new SoakCounts(
            driver.Submitted, driver.Acknowledged, driver.Refused, driver.Retries, driver.Skipped, follower.Confirmed, follower.Rejected, lost,
            driver.RefusedByReason.ToDictionary(StringComparer.Ordinal), follower.RejectedByReason.ToDictionary(StringComparer.Ordinal),
            follower.LostByStatus.ToDictionary(StringComparer.Ordinal));
        var section = new SoakSection(
            shape.SampleInterval.TotalSeconds, shape.Warmup.ToString(), fitted.Count > 0 ? fitted[0].Transfers : null, shape.MaxGrowthBytesPerTransfer,
            GrowthFit.Memory(samples, fitted, shape.MaxGrowthBytesPerTransfer, new HashSet<string>(StringComparer.Ordinal) { SoakSampler.AppHostName }),
            GrowthFit.Disk(samples, fitted),
            samples);
        return new SoakResult(
            startedAt, system.Description, system.Miners, shape.Load.Rate, loadSeconds, wallets.Count, Environment.ProcessorCount, loadBefore, loadAfter,
            counts, driver.Acknowledgement.Summary(), follower.Confirmation.Summary(), section)
        {
            Verification = verified,
            Cancelled = cancelled,
            Failure = failure,
        };
    }
}
