using System.Text.Json.Serialization;
using AspireChain.SystemBench.Load;
using AspireChain.SystemBench.Measure;
using AspireChain.Client.Services;

namespace AspireChain.SystemBench.Report;

/// <summary>Everything one bench run measured, as printed in its table and written to its JSON file.</summary>
public sealed record BenchResult(
    DateTimeOffset StartedAt,
    BenchConditions Conditions,
    BenchCounts Counts,
    BenchThroughput Throughput,
    LatencySummary SubmitToAcknowledged,
    LatencySummary SubmitToConfirmed,
    BlockFigures Blocks,
    IReadOnlyList<ProcessCost> Processes,
    IReadOnlyList<ProcessCost> Services,
    MachineLimits Limits,
    LimitRatios Ratios)
{
    /// <summary>The wallets' funding before the load (on a fresh chain: how soon the first transfer was confirmed), or null when not run.</summary>
    public FundingFigures? Funding { get; init; }

    /// <summary>
    /// Submit → confirmed of the transfers submitted once the load had run <see cref="SteadyState.FromSeconds"/> (the
    /// system past its first seconds: JIT tiers, caches, the first blocks of a fresh chain), or null for runs under
    /// 30 s. Reported beside the figure over every transfer, never instead of it.
    /// </summary>
    public SteadyStateLatency? SteadyState { get; init; }

    /// <summary>Where the run's blocks spent their time, stage by stage (ChainQuery's lifecycle view), or null when not read.</summary>
    public BlockStages? Stages { get; init; }

    /// <summary>ChainQuery's <c>/chain/verify</c> after the run: every stored block re-validated, accounts against the replay.</summary>
    public ChainVerificationView? Verification { get; init; }

    /// <summary>The sweep point this run measured (e.g. <c>miners=2 block-size=500</c>), or null outside a sweep.</summary>
    public string? Point { get; init; }

    /// <summary>True when transfers were confirmed and none was rejected or lost (the bench signs only valid transfers).</summary>
    [JsonIgnore]
    public bool AllConfirmed => Counts.Confirmed > 0 && Counts.Confirmed == Counts.Submitted && Counts.Rejected == 0 && Counts.Lost == 0;

    /// <summary>False when the chain failed <c>/chain/verify</c> after the run (a run whose chain was not verified counts as failed too).</summary>
    [JsonIgnore]
    public bool ChainValid => Verification is { Valid: true };
}

/// <summary>Per-block stage times of a run, ms (clocks of different services: a small negative step counts as 0).</summary>
/// <param name="Blocks">Blocks read.</param>
/// <param name="SubmittedToMined">The block's earliest transfer submitted → the nonce found.</param>
/// <param name="MinedToValidated">Nonce found → the Validator's verdict.</param>
/// <param name="ValidatedToCommitted">Verdict → the <c>blocks</c> record's timestamp.</param>
/// <param name="CommittedToApplied">On <c>blocks</c> → applied by ChainQuery.</param>
/// <param name="PerBlock">Each block's entry, by height (in the JSON only: when in the run a stage grew).</param>
public sealed record BlockStages(
    int Blocks,
    LatencySummary SubmittedToMined,
    LatencySummary MinedToValidated,
    LatencySummary ValidatedToCommitted,
    LatencySummary CommittedToApplied,
    IReadOnlyList<LifecycleView> PerBlock);

/// <summary>Latency of the transfers submitted from <paramref name="FromSeconds"/> into the load on.</summary>
/// <param name="FromSeconds">Seconds of load left out at the start.</param>
/// <param name="SubmitToConfirmed">Submit → confirmed of the rest, ms.</param>
public sealed record SteadyStateLatency(double FromSeconds, LatencySummary SubmitToConfirmed);

/// <summary>
/// How the funding went: on a fresh chain (height 0) its first confirmation is the "first transfer confirmed" figure,
/// measured to the bench's 250 ms poll.
/// </summary>
/// <param name="Transfers">Fundings submitted (0 when every wallet already held enough).</param>
/// <param name="HeightBefore">The chain's height when funding began.</param>
/// <param name="FirstConfirmedMs">Submit → the first funding seen confirmed.</param>
/// <param name="AllConfirmedMs">Submit → the last funding seen confirmed.</param>
public sealed record FundingFigures(int Transfers, long HeightBefore, double? FirstConfirmedMs, double? AllConfirmedMs);

/// <summary>What was run, and on what: the target, its settings, the load's shape and how busy the machine was.</summary>
public sealed record BenchConditions(
    string Target,
    int? Miners,
    double Rate,
    double DurationSeconds,
    int Wallets,
    int Batch,
    int Streams,
    int Cores,
    double? LoadAverageBefore,
    double? LoadAverageAfter,
    long HeightBefore,
    long HeightAfter);

/// <summary>How many transfers went where, with one refusing service's explanation per rejection reason.</summary>
public sealed record BenchCounts(
    int Submitted,
    int Acknowledged,
    int RefusedByIngest,
    int RetriedRequests,
    int Confirmed,
    int Rejected,
    int RejectedThenConfirmed,
    int Lost,
    IReadOnlyDictionary<string, int> RejectedByReason,
    IReadOnlyDictionary<string, string> RejectionExamples,
    IReadOnlyDictionary<string, int> LostByStatus);

/// <summary>Rates over the run: acknowledged from first submit to last acknowledgement, confirmed from first submit to last confirmation.</summary>
public sealed record BenchThroughput(double AcknowledgedPerSecond, double ConfirmedPerSecond, double ConfirmedPerSecondDuringLoad, double LoadSeconds, double ElapsedSeconds);

/// <summary>Percentiles of one latency, in milliseconds (nearest rank).</summary>
public sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max)
{
    /// <summary>The summary of <paramref name="milliseconds"/>; zeros when empty.</summary>
    public static LatencySummary Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return sorted.Length == 0
            ? new LatencySummary(0, 0, 0, 0, 0)
            : new LatencySummary(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99), sorted[^1]);
    }

    // Nearest rank: the smallest sample with at least p of all samples at or below it.
    private static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

/// <summary>
/// The blocks applied during the run: mean interval (miner timestamps), transfers per block, and how often a candidate
/// lost: stale = rejected as stale / (stale + accepted); rejected = every rejected candidate / (rejected + accepted).
/// </summary>
public sealed record BlockFigures(
    int Blocks,
    double MeanIntervalSeconds,
    double MeanTransfersPerBlock,
    int MaxTransfersPerBlock,
    long StaleCandidates,
    long RejectedCandidates,
    double StaleRate,
    double RejectedCandidateRate,
    double HashRate);

/// <summary>CPU used during the measured window (load and drain) and peak resident memory of one process, or of one service's instances together.</summary>
public sealed record ProcessCost(string Name, string Service, double CpuSeconds, double CoresUsed, double? PeakResidentMegabytes);

/// <summary>
/// Each figure against what the machine can do at best: confirmed/s × verifications per transfer against openssl's verify/s
/// on every core, acknowledged/s (one verification each at Ingest) likewise, and the mining hash rate against openssl's
/// 64-byte SHA-256 rate on every core.
/// </summary>
public sealed record LimitRatios(
    int? VerificationsPerTransfer,
    double? ConfirmedVerifyShare,
    double? AcknowledgedVerifyShare,
    double? HashRateShare,
    double? ConfirmedCeiling);

/// <summary>Source-generated JSON of the results (camelCase, indented).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(BenchResult))]
[JsonSerializable(typeof(IReadOnlyList<BenchResult>))]
public sealed partial class BenchJsonContext : JsonSerializerContext;
