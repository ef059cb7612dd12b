using System.Globalization;
using System.Security;
using System.Text;
using AspireChain.SystemBench.Report;

namespace AspireChain.SystemBench.Sweep;

/// <summary>
/// A sweep as an SVG written by hand (no chart library): one row per point with a bar for confirmed transfers per second
/// and one for submit → confirmed p99, each scaled to its own maximum, values written at the bars' ends.
/// </summary>
public static class SweepChart
{
    private const int LabelWidth = 230;
    private const int PanelWidth = 300;
    private const int RowHeight = 28;
    private const int Top = 56;

    /// <summary>The SVG document.</summary>
    public static string Render(IReadOnlyList<string> labels, IReadOnlyList<BenchResult> results)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(results);
        var inv = CultureInfo.InvariantCulture;
        var width = LabelWidth + 2 * (PanelWidth + 70);
        var height = Top + results.Count * RowHeight + 40;
        var maxRate = Math.Max(1, results.Max(r => r.Throughput.ConfirmedPerSecond));
        var maxP99 = Math.Max(0.001, results.Max(r => r.SubmitToConfirmed.P99 / 1000));
        var svg = new StringBuilder();
        svg.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"13\">").AppendLine();
        svg.Append(inv, $"<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>").AppendLine();
        var c = results.Count > 0 ? results[0].Conditions : null;
        var title = c is null ? "AspireChain sweep" : string.Create(inv, $"AspireChain sweep: {(c.Rate <= 0 ? "flat out" : c.Rate.ToString("0", inv) + "/s offered")}, {c.DurationSeconds:0} s per point, {c.Cores} cores");
        svg.Append(inv, $"<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{SecurityElement.Escape(title)}</text>").AppendLine();
        svg.Append(inv, $"<text x=\"{LabelWidth}\" y=\"{Top - 10}\" fill=\"#1f77b4\">confirmed transfers/s (higher is better)</text>").AppendLine();
        svg.Append(inv, $"<text x=\"{LabelWidth + PanelWidth + 70}\" y=\"{Top - 10}\" fill=\"#d62728\">submit → confirmed p99, s (lower is better)</text>").AppendLine();
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var y = Top + i * RowHeight;
            var rate = r.Throughput.ConfirmedPerSecond;
            var p99 = r.SubmitToConfirmed.P99 / 1000;
            var rateWidth = rate / maxRate * PanelWidth;
            var p99Width = p99 / maxP99 * PanelWidth;
            var p99X = LabelWidth + PanelWidth + 70;
            svg.Append(inv, $"<text x=\"{LabelWidth - 8}\" y=\"{y + 17}\" text-anchor=\"end\">{SecurityElement.Escape(labels[i])}</text>").AppendLine();
            svg.Append(inv, $"<rect x=\"{LabelWidth}\" y=\"{y + 4}\" width=\"{rateWidth:0.0}\" height=\"{RowHeight - 8}\" fill=\"#1f77b4\"/>").AppendLine();
            svg.Append(inv, $"<text x=\"{LabelWidth + rateWidth + 4:0.0}\" y=\"{y + 17}\">{rate:0}</text>").AppendLine();
            svg.Append(inv, $"<rect x=\"{p99X}\" y=\"{y + 4}\" width=\"{p99Width:0.0}\" height=\"{RowHeight - 8}\" fill=\"#d62728\"/>").AppendLine();
            svg.Append(inv, $"<text x=\"{p99X + p99Width + 4:0.0}\" y=\"{y + 17}\">{p99:0.0}</text>").AppendLine();
            if (r.Counts.Lost + r.Counts.Rejected > 0)
            {
                // A point whose transfers did not all confirm: its rate and latency describe only the confirmed ones.
                svg.Append(inv, $"<text x=\"{LabelWidth + rateWidth + 44:0.0}\" y=\"{y + 17}\" fill=\"#d62728\">{r.Counts.Lost:N0} lost, {r.Counts.Rejected:N0} rejected</text>").AppendLine();
            }
        }

        svg.Append(inv, $"<text x=\"10\" y=\"{height - 12}\" font-size=\"11\" fill=\"#555555\">One fresh AppHost per point; load average {results.Min(r => r.Conditions.LoadAverageBefore):0.0}–{results.Max(r => r.Conditions.LoadAverageAfter):0.0} on a shared machine.</text>").AppendLine();
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>Writes the chart to <paramref name="path"/>, creating its folder.</summary>
    public static void Write(string path, IReadOnlyList<string> labels, IReadOnlyList<BenchResult> results)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, Render(labels, results));
    }
}
