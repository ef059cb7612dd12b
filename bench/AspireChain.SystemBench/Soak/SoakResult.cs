using System.Text.Json.Serialization;
using AspireChain.SystemBench.Report;
using AspireChain.Client.Services;

namespace AspireChain.SystemBench.Soak;

/// <summary>Everything one soak measured, as printed in its tables and written to its JSON file.</summary>
/// <param name="StartedAt">When the soak began (before funding).</param>
/// <param name="Target">What was started or found.</param>
/// <param name="Miners">Miner replicas, when known.</param>
/// <param name="Rate">Transfers offered per second.</param>
/// <param name="DurationSeconds">How long transfers were offered (shorter than asked when cancelled).</param>
/// <param name="Wallets">The fixed set of funded wallets the transfers go between.</param>
/// <param name="Cores">The machine's cores.</param>
/// <param name="LoadAverageBefore">The machine's 1-minute load average when the load began.</param>
/// <param name="LoadAverageAfter">... and when it ended.</param>
/// <param name="Counts">Where the transfers went.</param>
/// <param name="SubmitToAcknowledged">Submit → Ingest's 202, ms (histogram percentiles, at most 2 % high).</param>
/// <param name="SubmitToConfirmed">Submit → the block event holding it, ms (likewise).</param>
/// <param name="Soak">The samples and what they say.</param>
public sealed record SoakResult(
    DateTimeOffset StartedAt,
    string Target,
    int? Miners,
    double Rate,
    double DurationSeconds,
    int Wallets,
    int Cores,
    double? LoadAverageBefore,
    double? LoadAverageAfter,
    SoakCounts Counts,
    LatencySummary SubmitToAcknowledged,
    LatencySummary SubmitToConfirmed,
    SoakSection Soak)
{
    /// <summary>The wallets' funding before the load.</summary>
    public FundingFigures? Funding { get; init; }

    /// <summary>ChainQuery's <c>/chain/verify</c> after the soak, or null when not read (a cancelled soak).</summary>
    public ChainVerificationView? Verification { get; init; }

    /// <summary>True when the soak was stopped (Ctrl+C) before its end: the samples up to then, no drain, no verification.</summary>
    public bool Cancelled { get; init; }

    /// <summary>Why the soak stopped before its end (a service stopped answering or refused the load), or null: the samples up to then, no drain, no verification.</summary>
    public string? Failure { get; init; }

    /// <summary>Every judged process flat, with enough samples to say so.</summary>
    [JsonIgnore]
    public bool Flat => Soak.Memory.Where(m => m.Judged).All(m => m.Verdict == MemoryGrowth.FlatVerdict);
}

/// <summary>How many transfers went where (by reason or status where some did not confirm).</summary>
public sealed record SoakCounts(
    long Submitted,
    long Acknowledged,
    long RefusedByIngest,
    long RetriedRequests,
    long SkippedWhileBehind,
    long Confirmed,
    long Rejected,
    long Lost,
    IReadOnlyDictionary<string, long> RefusedByReason,
    IReadOnlyDictionary<string, long> RejectedByReason,
    IReadOnlyDictionary<string, long> LostByStatus);

/// <summary>The soak's own section: its settings, every sample, and the growth read from them.</summary>
/// <param name="SampleIntervalSeconds">Seconds between samples.</param>
/// <param name="Warmup">What the growth fit leaves out, in words.</param>
/// <param name="WarmupEndTransfers">Confirmed transfers at the first sample past the warm-up (the fit's first x).</param>
/// <param name="MaxGrowthBytesPerTransfer">The bound a judged process's anonymous-memory slope is held to.</param>
/// <param name="Memory">Per process: start, end and bytes per confirmed transfer, with the verdict.</param>
/// <param name="Disk">Per store: start, end and bytes per confirmed transfer.</param>
/// <param name="Samples">Every sample, in order.</param>
public sealed record SoakSection(
    double SampleIntervalSeconds,
    string Warmup,
    long? WarmupEndTransfers,
    double MaxGrowthBytesPerTransfer,
    IReadOnlyList<MemoryGrowth> Memory,
    IReadOnlyList<StoreGrowth> Disk,
    IReadOnlyList<SoakSample> Samples);

/// <summary>One sample: the counters, then each process's memory and CPU, then each store's bytes.</summary>
/// <param name="At">Wall-clock time of the sample.</param>
/// <param name="ElapsedSeconds">Seconds since the load began.</param>
/// <param name="Phase"><c>load</c>, <c>drain</c> or <c>end</c>.</param>
/// <param name="Submitted">Transfers posted so far.</param>
/// <param name="Transfers">Transfers confirmed so far (the soak's own; funding excluded): the x of every growth figure.</param>
/// <param name="Height">The chain's tip as the bench last saw it.</param>
/// <param name="Processes">Each measured process.</param>
/// <param name="Stores">Each store on disk.</param>
public sealed record SoakSample(
    DateTimeOffset At,
    double ElapsedSeconds,
    string Phase,
    long Submitted,
    long Transfers,
    long Height,
    IReadOnlyList<ProcessSample> Processes,
    IReadOnlyList<StoreSample> Stores);

/// <summary>One process (a service instance, with its launcher's CPU) at one sample; bytes.</summary>
/// <param name="Name">The instance (e.g. <c>miner-x7k2f9qa</c>), or <c>apphost</c> for the bench's own process.</param>
/// <param name="Service">Its service.</param>
/// <param name="ProcessId">The process measured (the service's own, under its launcher).</param>
/// <param name="RssBytes">Resident set (<c>VmRSS</c>).</param>
/// <param name="RssAnonBytes">Its anonymous part (<c>RssAnon</c>): heaps; what the verdict fits.</param>
/// <param name="RssFileBytes">Its file-backed part (<c>RssFile</c>): mapped assemblies and files.</param>
/// <param name="RssShmemBytes">Its shared-memory part (<c>RssShmem</c>).</param>
/// <param name="CpuSeconds">User + system CPU since it started (<c>utime</c> + <c>stime</c>), the launcher included.</param>
/// <param name="GcHeapBytes">The managed heap after the last GC, where it can be read without a diagnostics session (the bench's own process only).</param>
public sealed record ProcessSample(
    string Name,
    string Service,
    int ProcessId,
    long RssBytes,
    long RssAnonBytes,
    long RssFileBytes,
    long RssShmemBytes,
    double CpuSeconds,
    long? GcHeapBytes);

/// <summary>One store's bytes on disk at one sample: the file with its <c>-wal</c>/<c>-shm</c>, and the WAL's share.</summary>
public sealed record StoreSample(string Instance, string Store, long Bytes, long WalBytes);

/// <summary>How one process's memory moved over the soak, and whether that is flat.</summary>
/// <param name="Name">The instance.</param>
/// <param name="Service">Its service.</param>
/// <param name="StartRssBytes">Resident at the first sample (the load's start).</param>
/// <param name="EndRssBytes">Resident at the last.</param>
/// <param name="WarmupAnonBytes">Anonymous at the first sample past the warm-up.</param>
/// <param name="EndAnonBytes">Anonymous at the last sample.</param>
/// <param name="AnonBytesPerTransfer">Least-squares slope of anonymous resident bytes against confirmed transfers over the samples past the warm-up; null when they cannot give one.</param>
/// <param name="RssBytesPerTransfer">The same for the whole resident set.</param>
/// <param name="FittedSamples">Samples the fit used.</param>
/// <param name="Judged">False for the bench's own process: it holds the embedded broker, whose partitions fill up to their cap.</param>
/// <param name="Verdict"><c>flat</c>, <c>grows</c>, <c>too few samples</c> or <c>not judged</c>.</param>
public sealed record MemoryGrowth(
    string Name,
    string Service,
    long StartRssBytes,
    long EndRssBytes,
    long WarmupAnonBytes,
    long EndAnonBytes,
    double? AnonBytesPerTransfer,
    double? RssBytesPerTransfer,
    int FittedSamples,
    bool Judged,
    string Verdict)
{
    /// <summary>The verdict of a process whose slope is within the bound.</summary>
    public const string FlatVerdict = "flat";

    /// <summary>The verdict of a process whose slope is above the bound.</summary>
    public const string GrowsVerdict = "grows";

    /// <summary>The verdict when fewer than three samples past the warm-up (or no transfers between them) leave no slope.</summary>
    public const string TooFewSamplesVerdict = "too few samples";

    /// <summary>The verdict of a process shown but not held to the bound.</summary>
    public const string NotJudgedVerdict = "not judged";
}

/// <summary>How one store grew: bytes at the load's start and end, and per confirmed transfer over the whole soak and past the warm-up.</summary>
/// <param name="Instance">The service instance whose folder holds it.</param>
/// <param name="Store">The file (its <c>-wal</c>/<c>-shm</c> counted with it).</param>
/// <param name="StartBytes">Bytes at the first sample.</param>
/// <param name="EndBytes">Bytes at the last sample.</param>
/// <param name="BytesPerTransfer">(end − start) ÷ transfers confirmed in between; null when none were.</param>
/// <param name="SlopeAfterWarmup">Least-squares slope over the samples past the warm-up (the WAL's checkpoints make single steps jumpy).</param>
/// <param name="EndWalBytes">The WAL's bytes at the last sample.</param>
public sealed record StoreGrowth(string Instance, string Store, long StartBytes, long EndBytes, double? BytesPerTransfer, double? SlopeAfterWarmup, long EndWalBytes);

/// <summary>Source-generated JSON of a soak's result (camelCase, indented).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(SoakResult))]
public sealed partial class SoakJsonContext : JsonSerializerContext;
