using AspireChain.SystemBench.Soak;

namespace AspireChain.SystemBench.Tests;

/// <summary>Builds soak samples for the tests: one process or store whose bytes follow a given function of confirmed transfers.</summary>
internal static class SoakSamples
{
    /// <summary>Samples every <paramref name="step"/> transfers up to <paramref name="last"/>, one second apart, with the given processes' anonymous bytes.</summary>
    public static IReadOnlyList<SoakSample> Of(long last, long step, params (string Name, Func<long, long> AnonBytes)[] processes)
    {
        var samples = new List<SoakSample>();
        for (long transfers = 0, i = 0; transfers <= last; transfers += step, i++)
        {
            var x = transfers;
            samples.Add(new SoakSample(
                DateTimeOffset.UnixEpoch.AddSeconds(i), i, SoakRun.LoadPhase, x, x, x / 100,
                [.. processes.Select(p => new ProcessSample(p.Name, p.Name.Split('-')[0], 100, p.AnonBytes(x) + 50_000_000, p.AnonBytes(x), 50_000_000, 0, i, null))],
                [new StoreSample("miner-a", "miner.db", 4096 + 200 * x, 1000)]));
        }

        return samples;
    }
}
