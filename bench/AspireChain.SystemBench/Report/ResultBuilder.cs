using System.Diagnostics;
using AspireChain.SystemBench.Hosting;
using AspireChain.SystemBench.Load;
using AspireChain.SystemBench.Measure;
using AspireChain.Client.Transfers;

namespace AspireChain.SystemBench.Report;

/// <summary>Turns a run's raw observations (submissions with timestamps, blocks seen, chain figures, CPU readings) into a <see cref="BenchResult"/>.</summary>
public sealed class ResultBuilder(LoadShape shape, MachineLimits limits, ISystemUnderTest system)
{
    /// <summary>
    /// P-256 verifications the system does per confirmed transfer, whatever the number of miners: at ingest (admission)
    /// and at the Validator (the judge verifies every signature itself). A miner checks ingest's attestation (an HMAC)
    /// instead; followers of blocks check the Validator's signature, not each transfer's.
    /// </summary>
    public const int VerificationsPerTransfer = 2;

    /// <summary>Builds the result; timestamps are <see cref="Stopwatch"/> ticks.</summary>
    public BenchResult Build(
        DateTimeOffset startedAt, IReadOnlyList<Submission> submissions, OutcomeFollower follower, long start, long loadEnd, long end,
        ChainFiguresView? before, ChainFiguresView? after, double? loadBefore, double? loadAfter,
        IReadOnlyList<ProcessCost> processes, IReadOnlyList<ProcessCost> services)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        ArgumentNullException.ThrowIfNull(follower);
        var confirmed = submissions.Where(s => s.ConfirmedAt is not null).ToList();
        var rejected = submissions.Where(s => s.ConfirmedAt is null && s.RejectReason is not null && !s.RefusedByIngest).ToList();
        var refused = submissions.Count(s => s.RefusedByIngest);
        var lost = submissions.Where(s => !s.IsFinal).ToList();
        var counts = new BenchCounts(
            submissions.Count, submissions.Count(s => s.AcknowledgedAt is not null), refused, submissions.Sum(s => s.Retries),
            confirmed.Count, rejected.Count, follower.RejectedThenConfirmed, lost.Count,
            rejected.GroupBy(s => s.RejectReason!, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            rejected.GroupBy(s => s.RejectReason!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().RejectDetail ?? "", StringComparer.Ordinal),
            lost.GroupBy(s => follower.LostStatus.GetValueOrDefault(s, s.AcknowledgedAt is null ? "unacknowledged" : "unseen"), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));

        var firstSubmit = submissions.Select(s => s.SubmittedAt).Min() ?? start;
        var lastAck = submissions.Select(s => s.AcknowledgedAt).Max();
        var lastConfirm = confirmed.Select(s => s.ConfirmedAt).Max();
        var loadSeconds = Stopwatch.GetElapsedTime(start, loadEnd == 0 ? end : loadEnd).TotalSeconds;
        var throughput = new BenchThroughput(
            Rate(counts.Acknowledged, firstSubmit, lastAck),
            Rate(confirmed.Count, firstSubmit, lastConfirm),
            loadSeconds > 0 ? confirmed.Count(s => s.ConfirmedAt <= loadEnd) / loadSeconds : 0,
            loadSeconds,
            Stopwatch.GetElapsedTime(start, end).TotalSeconds);

        var blocks = follower.Blocks.Where(b => b.SeenAt >= start && b.SeenAt <= end).ToList();
        var stale = Delta(before?.StaleBlocks, after?.StaleBlocks);
        var rejectedCandidates = Delta(before?.RejectedBlocks, after?.RejectedBlocks);
        var accepted = Delta(before?.Height, after?.Height);
        var blockFigures = new BlockFigures(
            blocks.Count,
            blocks.Count > 1 ? (blocks[^1].TimestampMs - blocks[0].TimestampMs) / 1000.0 / (blocks.Count - 1) : 0,
            blocks.Count > 0 ? blocks.Average(b => b.Transfers) : 0,
            blocks.Count > 0 ? blocks.Max(b => b.Transfers) : 0,
            stale,
            rejectedCandidates,
            stale + accepted > 0 ? (double)stale / (stale + accepted) : 0,
            rejectedCandidates + accepted > 0 ? (double)rejectedCandidates / (rejectedCandidates + accepted) : 0,
            after?.HashRate ?? 0);

        var ratios = new LimitRatios(
            VerificationsPerTransfer,
            Share(throughput.ConfirmedPerSecond * VerificationsPerTransfer, limits.VerifyPerSecond),
            Share(throughput.AcknowledgedPerSecond, limits.VerifyPerSecond),
            Share(blockFigures.HashRate, limits.Sha256HashesPerSecond),
            limits.VerifyPerSecond / VerificationsPerTransfer);

        var conditions = new BenchConditions(
            system.Description, system.Miners, shape.Rate, shape.Duration.TotalSeconds, shape.Wallets, shape.Batch, shape.Streams,
            Environment.ProcessorCount, loadBefore, loadAfter, before?.Height ?? -1, after?.Height ?? -1);
        return new BenchResult(
            startedAt, conditions, counts, throughput,
            LatencySummary.Of(submissions.Where(s => s.AcknowledgedAt is not null).Select(s => Stopwatch.GetElapsedTime(s.SubmittedAt!.Value, s.AcknowledgedAt!.Value).TotalMilliseconds)),
            LatencySummary.Of(confirmed.Select(ConfirmationMs)),
            blockFigures, processes, services, limits, ratios)
        {
            SteadyState = loadSeconds >= SteadyStateMinLoadSeconds ? SteadyStateOf(confirmed, start) : null,
        };
    }

    /// <summary>Runs at least this long also report the latency with the first <see cref="SteadyStateSkipSeconds"/> left out.</summary>
    public const double SteadyStateMinLoadSeconds = 30;

    /// <summary>Seconds of load the steady-state latency leaves out.</summary>
    public const double SteadyStateSkipSeconds = 10;

    private static SteadyStateLatency SteadyStateOf(IEnumerable<Submission> confirmed, long start)
    {
        var from = start + (long)(SteadyStateSkipSeconds * Stopwatch.Frequency);
        return new SteadyStateLatency(
            SteadyStateSkipSeconds,
            LatencySummary.Of(confirmed.Where(s => s.SubmittedAt >= from).Select(ConfirmationMs)));
    }

    private static double ConfirmationMs(Submission s) => Stopwatch.GetElapsedTime(s.SubmittedAt!.Value, s.ConfirmedAt!.Value).TotalMilliseconds;

    private static double Rate(int count, long from, long? to) =>
        to is null || to <= from ? 0 : count / Stopwatch.GetElapsedTime(from, to.Value).TotalSeconds;

    private static long Delta(long? before, long? after) => before is null || after is null ? 0 : Math.Max(0, after.Value - before.Value);

    private static double? Share(double? value, double? limit) => value is null || limit is null or 0 ? null : value / limit;
}
