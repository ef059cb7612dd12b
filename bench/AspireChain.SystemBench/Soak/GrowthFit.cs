namespace AspireChain.SystemBench.Soak;

/// <summary>
/// Reads growth out of a soak's samples: for each process the least-squares slope of its anonymous resident bytes (and
/// its whole resident set) against confirmed transfers over the samples past the warm-up, held to a bound; for each
/// store its bytes per confirmed transfer over the whole soak and the slope past the warm-up.
/// </summary>
public static class GrowthFit
{
    /// <summary>Fewest samples past the warm-up a slope is read from.</summary>
    public const int MinimumSamples = 3;

    /// <summary>The least-squares slope of y against x; null with fewer than two points or when every x is the same.</summary>
    public static double? Slope(IReadOnlyList<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2)
        {
            return null;
        }

        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var spread = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return spread <= 0 ? null : points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / spread;
    }

    /// <summary>The samples past the warm-up, in order.</summary>
    public static IReadOnlyList<SoakSample> PastWarmup(IReadOnlyList<SoakSample> samples, SoakWarmup warmup, double loadSeconds)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(warmup);
        return [.. samples.Where(s => warmup.IsPast(s.ElapsedSeconds, loadSeconds, s.Transfers))];
    }

    /// <summary>Each process's growth and verdict, in the order of the first sample; processes named in <paramref name="unjudged"/> are shown, not judged.</summary>
    public static IReadOnlyList<MemoryGrowth> Memory(
        IReadOnlyList<SoakSample> samples, IReadOnlyList<SoakSample> fitted, double maxBytesPerTransfer, IReadOnlySet<string> unjudged)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(fitted);
        ArgumentNullException.ThrowIfNull(unjudged);
        var names = samples.SelectMany(s => s.Processes.Select(p => (p.Name, p.Service))).Distinct().ToList();
        var growth = new List<MemoryGrowth>();
        foreach (var (name, service) in names)
        {
            var all = samples.SelectMany(s => s.Processes.Where(p => p.Name == name)).ToList();
            var points = fitted.SelectMany(s => s.Processes.Where(p => p.Name == name).Select(p => (Transfers: (double)s.Transfers, Process: p))).ToList();
            var anon = Slope([.. points.Select(p => (p.Transfers, (double)p.Process.RssAnonBytes))]);
            var rss = Slope([.. points.Select(p => (p.Transfers, (double)p.Process.RssBytes))]);
            var judged = !unjudged.Contains(name);
            var verdict = !judged ? MemoryGrowth.NotJudgedVerdict
                : points.Count < MinimumSamples || anon is null ? MemoryGrowth.TooFewSamplesVerdict
                : anon <= maxBytesPerTransfer ? MemoryGrowth.FlatVerdict
                : MemoryGrowth.GrowsVerdict;
            growth.Add(new MemoryGrowth(
                name, service, all[0].RssBytes, all[^1].RssBytes,
                points.Count > 0 ? points[0].Process.RssAnonBytes : all[^1].RssAnonBytes, all[^1].RssAnonBytes,
                anon, rss, points.Count, judged, verdict));
        }

        return growth;
    }

    /// <summary>Each store's growth over the soak and past the warm-up.</summary>
    public static IReadOnlyList<StoreGrowth> Disk(IReadOnlyList<SoakSample> samples, IReadOnlyList<SoakSample> fitted)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(fitted);
        var stores = samples.SelectMany(s => s.Stores.Select(t => (t.Instance, t.Store))).Distinct().Order().ToList();
        var growth = new List<StoreGrowth>();
        foreach (var (instance, store) in stores)
        {
            var seen = samples.SelectMany(s => s.Stores.Where(t => t.Instance == instance && t.Store == store).Select(t => (s.Transfers, t))).ToList();
            var first = seen[0];
            var last = seen[^1];
            var transfers = last.Transfers - first.Transfers;
            var slope = Slope([.. fitted.SelectMany(s => s.Stores.Where(t => t.Instance == instance && t.Store == store).Select(t => ((double)s.Transfers, (double)t.Bytes)))]);
            growth.Add(new StoreGrowth(instance, store, first.t.Bytes, last.t.Bytes,
                transfers > 0 ? (double)(last.t.Bytes - first.t.Bytes) / transfers : null, slope, last.t.WalBytes));
        }

        return growth;
    }
}
