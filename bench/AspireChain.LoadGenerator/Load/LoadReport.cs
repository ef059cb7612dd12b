using System.Diagnostics;
using System.Globalization;
using AspireChain.Client.Transfers;

namespace AspireChain.LoadGenerator.Load;

/// <summary>The run's outcome: counts, rejections by reason, latency percentiles and throughput, and whether anything was lost.</summary>
public sealed class LoadReport(IReadOnlyList<Submission> submissions, TimeSpan elapsed, bool timedOut)
{
    /// <summary>Submissions neither confirmed nor rejected: acknowledged but never final, or never acknowledged.</summary>
    public int Lost => submissions.Count(s => !s.IsFinal);

    /// <summary>True when every submission was confirmed in time: the generator signs only valid transfers, so a rejection is a failure too.</summary>
    public bool Succeeded => !timedOut && Lost == 0 && submissions.All(s => s.ConfirmedAt is not null);

    /// <summary>Writes the summary table.</summary>
    public void WriteTo(TextWriter output)
    {
        var submitted = submissions.Count(s => s.SubmittedAt is not null);
        var acknowledged = submissions.Count(s => s.AcknowledgedAt is not null);
        var confirmed = submissions.Count(s => s.ConfirmedAt is not null);
        var rejected = submissions.Where(s => s.RejectReason is not null && s.ConfirmedAt is null).ToList();
        var inv = CultureInfo.InvariantCulture;

        output.WriteLine();
        output.WriteLine(string.Create(inv, $"submitted     {submitted,8}"));
        output.WriteLine(string.Create(inv, $"acknowledged  {acknowledged,8}   (retried after 429/503: {submissions.Sum(s => s.Retries)})"));
        output.WriteLine(string.Create(inv, $"confirmed     {confirmed,8}"));
        output.WriteLine(string.Create(inv, $"rejected      {rejected.Count,8}"));
        foreach (var reason in rejected.GroupBy(s => s.RejectReason).OrderByDescending(g => g.Count()))
        {
            output.WriteLine(string.Create(inv, $"  {reason.Key,-20}{reason.Count(),6}"));
        }

        output.WriteLine(string.Create(inv, $"lost          {Lost,8}{(timedOut ? "   (timed out)" : "")}"));
        WriteLatency(output, "submit → ack", submissions.Where(s => s.AcknowledgedAt is not null).Select(s => Stopwatch.GetElapsedTime(s.SubmittedAt!.Value, s.AcknowledgedAt!.Value)));
        WriteLatency(output, "submit → confirmed", submissions.Where(s => s.ConfirmedAt is not null).Select(s => Stopwatch.GetElapsedTime(s.SubmittedAt!.Value, s.ConfirmedAt!.Value)));

        output.WriteLine(string.Create(inv, $"elapsed       {elapsed.TotalSeconds,8:0.0} s"));
        output.WriteLine(string.Create(inv, $"throughput    {Rate(acknowledged, s => s.AcknowledgedAt),8:0.0} ack/s         (first submit → last ack)"));
        output.WriteLine(string.Create(inv, $"              {Rate(confirmed, s => s.ConfirmedAt),8:0.0} confirmed/s   (first submit → last confirmation seen)"));
    }

    private double Rate(int count, Func<Submission, long?> at)
    {
        var first = submissions.Select(s => s.SubmittedAt).Min();
        var last = submissions.Select(at).Max();
        return first is null || last is null || last <= first ? 0 : count / Stopwatch.GetElapsedTime(first.Value, last.Value).TotalSeconds;
    }

    private static void WriteLatency(TextWriter output, string name, IEnumerable<TimeSpan> samples)
    {
        var sorted = samples.Select(s => s.TotalMilliseconds).Order().ToArray();
        if (sorted.Length == 0)
        {
            output.WriteLine($"{name,-20} (no samples)");
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-20} p50 {Percentile(sorted, 0.50),8:0.0} ms   p95 {Percentile(sorted, 0.95),8:0.0} ms   p99 {Percentile(sorted, 0.99),8:0.0} ms   max {sorted[^1],8:0.0} ms"));
    }

    // Nearest rank: the smallest sample with at least p of all samples at or below it.
    private static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
