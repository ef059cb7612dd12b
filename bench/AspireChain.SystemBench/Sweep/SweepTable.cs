using System.Globalization;
using System.Text;
using AspireChain.SystemBench.Report;

namespace AspireChain.SystemBench.Sweep;

/// <summary>A sweep's results as a markdown table, one row per point, to paste into the README.</summary>
public static class SweepTable
{
    /// <summary>The table's markdown.</summary>
    public static string Render(IReadOnlyList<string> labels, IReadOnlyList<BenchResult> results)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(results);
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var first = results.Count > 0 ? results[0] : null;
        if (first is not null)
        {
            var c = first.Conditions;
            text.Append(inv, $"Sweep of {first.StartedAt:yyyy-MM-dd HH:mm} UTC: rate {(c.Rate <= 0 ? "flat out" : c.Rate.ToString("0", inv) + "/s")} for {c.DurationSeconds:0} s per point, {c.Wallets} wallets, batch {c.Batch}, {c.Streams} streams, {c.Cores} cores; a fresh AppHost per point.").AppendLine().AppendLine();
        }

        text.AppendLine("| point | confirmed/s | acknowledged/s | submit → confirmed p50 / p99 (s) | transfers per block | block interval (s) | stale rate | rejected / lost | CPU cores: miners / validator / ingest / chainquery / kafka+bench | load average |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            text.Append(inv, $"| {labels[i]} | {r.Throughput.ConfirmedPerSecond:0} | {r.Throughput.AcknowledgedPerSecond:0} | {r.SubmitToConfirmed.P50 / 1000:0.0} / {r.SubmitToConfirmed.P99 / 1000:0.0} | {r.Blocks.MeanTransfersPerBlock:0} | {r.Blocks.MeanIntervalSeconds:0.00} | {r.Blocks.StaleRate:P0} | {r.Counts.Rejected} / {r.Counts.Lost} | ");
            text.Append(inv, $"{Cores(r, "miner")} / {Cores(r, "validator")} / {Cores(r, "ingest")} / {Cores(r, "chainquery")} / {Cores(r, "kafka") + Cores(r, "bench"):0.00} | {r.Conditions.LoadAverageBefore:0.0} → {r.Conditions.LoadAverageAfter:0.0} |").AppendLine();
        }

        return text.ToString();
    }

    /// <summary>Writes the table to <paramref name="path"/>, creating its folder.</summary>
    public static void Write(string path, IReadOnlyList<string> labels, IReadOnlyList<BenchResult> results)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, Render(labels, results));
    }

    private static double Cores(BenchResult result, string service) =>
        Math.Round(result.Services.Where(s => s.Service == service).Sum(s => s.CoresUsed), 2);
}
