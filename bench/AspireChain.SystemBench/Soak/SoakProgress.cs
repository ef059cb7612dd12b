using System.Diagnostics;
using AspireChain.SystemBench.Measure;
using AspireChain.SystemBench.Report;

namespace AspireChain.SystemBench.Soak;

/// <summary>
/// What the live display shows of a soak once a second: the counters with rates over the last five seconds, and each
/// service's CPU from the last two samples (nothing is read from <c>/proc</c> for the display itself).
/// </summary>
public sealed class SoakProgress(SoakDriver driver, SoakFollower follower, List<SoakSample> samples, long start, Func<string> phase)
{
    private readonly Queue<(long At, long Acknowledged, long Confirmed)> _recent = new();

    /// <summary>The snapshot now.</summary>
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
        SoakSample? previous = null;
        SoakSample? last = null;
        lock (samples)
        {
            if (samples.Count >= 2)
            {
                previous = samples[^2];
                last = samples[^1];
            }
        }

        var cores = new List<(string, double)>();
        if (previous is not null && last is not null && last.ElapsedSeconds > previous.ElapsedSeconds)
        {
            var seconds = last.ElapsedSeconds - previous.ElapsedSeconds;
            cores = [.. last.Processes.GroupBy(p => p.Service, StringComparer.Ordinal).Select(g => (g.Key,
                g.Sum(p => previous.Processes.FirstOrDefault(q => q.Name == p.Name) is { } before ? Math.Max(0, p.CpuSeconds - before.CpuSeconds) : 0) / seconds))];
        }

        return new ProgressSnapshot(phase(), Stopwatch.GetElapsedTime(start, now), Narrow(driver.Submitted), Narrow(acknowledged), Narrow(confirmed),
            Narrow(follower.Rejected), follower.Open, follower.TipHeight,
            span > 0 ? (acknowledged - oldest.Acknowledged) / span : 0, span > 0 ? (confirmed - oldest.Confirmed) / span : 0,
            cores, ProcFileSystem.LoadAverage());
    }

    private static int Narrow(long count) => (int)Math.Min(count, int.MaxValue);
}
