using System.Xml.Linq;
using AspireChain.SystemBench.Report;
using AspireChain.SystemBench.Soak;

namespace AspireChain.SystemBench.Tests;

/// <summary>The soak's SVG: well-formed, one line per process in each of its two panels, the warm-up marked.</summary>
public sealed class SoakChartTests
{
    [Fact]
    public void Draws_each_process_in_both_panels_with_the_warm_up_dashed()
    {
        var samples = SoakSamples.Of(100_000, 5_000, ("miner-a", x => 40_000_000 + 750 * x), ("ingest-b", x => 30_000_000));
        var fitted = GrowthFit.PastWarmup(samples, SoakWarmup.Default, samples[^1].ElapsedSeconds);
        var section = new SoakSection(5, SoakWarmup.Default.ToString(), fitted[0].Transfers, 64,
            GrowthFit.Memory(samples, fitted, 64, new HashSet<string>()), GrowthFit.Disk(samples, fitted), samples);
        var empty = new LatencySummary(0, 0, 0, 0, 0);
        var result = new SoakResult(DateTimeOffset.UnixEpoch, "test <system>", 3, 400, 60, 40, 2, 1, 2,
            new SoakCounts(0, 0, 0, 0, 0, 100_000, 0, 0, new Dictionary<string, long>(), new Dictionary<string, long>(), new Dictionary<string, long>()),
            empty, empty, section);

        var svg = XDocument.Parse(SoakChart.Render(result));

        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(4, svg.Descendants(ns + "polyline").Count());
        Assert.Equal(2, svg.Descendants(ns + "line").Count(l => l.Attribute("stroke-dasharray") is not null));
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "miner-a: 750 (grows)");
    }
}
