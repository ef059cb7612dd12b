using System.Globalization;
using System.Security;
using System.Text;

namespace AspireChain.SystemBench.Soak;

/// <summary>
/// A soak's memory against confirmed transfers as an SVG written by hand (no chart library, like the sweep's chart):
/// one panel of resident memory and one of its anonymous part, one line per process, the warm-up's end dashed, and a
/// legend with each process's slope and verdict.
/// </summary>
public static class SoakChart
{
    private const int Left = 70;
    private const int PanelWidth = 640;
    private const int PanelHeight = 260;
    private const int Top = 50;
    private const int Gap = 70;
    private const int LegendWidth = 330;
    private const double Megabyte = 1048576.0;

    private static readonly string[] Palette =
        ["#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22", "#393b79"]; // no red: red marks a verdict

    /// <summary>The SVG document.</summary>
    public static string Render(SoakResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var inv = CultureInfo.InvariantCulture;
        var samples = result.Soak.Samples;
        var width = Left + PanelWidth + 30 + LegendWidth;
        var height = Top + 2 * PanelHeight + Gap + 60;
        var maxX = Math.Max(1, samples.Count > 0 ? samples.Max(s => s.Transfers) : 1);
        var names = result.Soak.Memory.Select(m => m.Name).ToList();
        var svg = new StringBuilder();
        svg.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">").AppendLine();
        svg.Append(inv, $"<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>").AppendLine();
        var title = string.Create(inv, $"AspireChain soak: memory against confirmed transfers ({result.Rate:0}/s offered for {result.DurationSeconds:0} s, {result.Wallets} wallets, {result.Miners?.ToString(inv) ?? "?"} miners, {result.Cores} cores)");
        svg.Append(inv, $"<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{SecurityElement.Escape(title)}</text>").AppendLine();

        Panel(svg, Top, "resident set (VmRSS), MB", samples, names, p => p.RssBytes, maxX, result.Soak.WarmupEndTransfers);
        Panel(svg, Top + PanelHeight + Gap, "anonymous resident (RssAnon), MB: the verdict's fit", samples, names, p => p.RssAnonBytes, maxX, result.Soak.WarmupEndTransfers);

        var legendX = Left + PanelWidth + 30;
        svg.Append(inv, $"<text x=\"{legendX}\" y=\"{Top + 4}\" font-weight=\"bold\">process: anon B/transfer after warm-up</text>").AppendLine();
        for (var i = 0; i < result.Soak.Memory.Count; i++)
        {
            var m = result.Soak.Memory[i];
            var y = Top + 24 + i * 20;
            var slope = m.AnonBytesPerTransfer is { } s ? s.ToString("0", inv) : "?";
            var colour = m.Verdict == MemoryGrowth.GrowsVerdict ? "#d62728" : "#333333";
            svg.Append(inv, $"<line x1=\"{legendX}\" y1=\"{y - 4}\" x2=\"{legendX + 22}\" y2=\"{y - 4}\" stroke=\"{Palette[i % Palette.Length]}\" stroke-width=\"3\"/>").AppendLine();
            svg.Append(inv, $"<text x=\"{legendX + 28}\" y=\"{y}\" fill=\"{colour}\">{SecurityElement.Escape($"{m.Name}: {slope} ({m.Verdict})")}</text>").AppendLine();
        }

        svg.Append(inv, $"<text x=\"10\" y=\"{height - 14}\" font-size=\"11\" fill=\"#555555\">{SecurityElement.Escape(string.Create(inv, $"Sampled every {result.Soak.SampleIntervalSeconds:0.#} s; dashed: end of the warm-up ({result.Soak.Warmup}); bound {result.Soak.MaxGrowthBytesPerTransfer:0} B/transfer; load average {result.LoadAverageBefore:0.0} → {result.LoadAverageAfter:0.0} on a shared machine."))}</text>").AppendLine();
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>Writes the chart to <paramref name="path"/>, creating its folder.</summary>
    public static void Write(string path, SoakResult result)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, Render(result));
    }

    private static void Panel(
        StringBuilder svg, int top, string title, IReadOnlyList<SoakSample> samples, IReadOnlyList<string> names,
        Func<ProcessSample, long> value, long maxX, long? warmupEnd)
    {
        var inv = CultureInfo.InvariantCulture;
        // The axis spans the values in round steps, not from zero: growth of a few percent must show.
        var values = samples.SelectMany(s => s.Processes.Select(p => value(p) / Megabyte)).DefaultIfEmpty(0).ToList();
        var step = NiceCeiling(Math.Max(1, (values.Max() - values.Min()) / 4));
        var minY = Math.Floor(values.Min() / step) * step;
        var maxY = Math.Max(minY + step, Math.Ceiling(values.Max() / step) * step);
        var bottom = top + PanelHeight;
        double X(long transfers) => Left + (double)transfers / maxX * PanelWidth;
        double Y(double megabytes) => bottom - (megabytes - minY) / (maxY - minY) * PanelHeight;

        svg.Append(inv, $"<text x=\"{Left}\" y=\"{top - 8}\" font-weight=\"bold\">{SecurityElement.Escape(title)}</text>").AppendLine();
        svg.Append(inv, $"<rect x=\"{Left}\" y=\"{top}\" width=\"{PanelWidth}\" height=\"{PanelHeight}\" fill=\"none\" stroke=\"#999999\"/>").AppendLine();
        for (var megabytes = minY; megabytes <= maxY + step / 2; megabytes += step)
        {
            svg.Append(inv, $"<line x1=\"{Left}\" y1=\"{Y(megabytes):0.0}\" x2=\"{Left + PanelWidth}\" y2=\"{Y(megabytes):0.0}\" stroke=\"#eeeeee\"/>").AppendLine();
            svg.Append(inv, $"<text x=\"{Left - 6}\" y=\"{Y(megabytes) + 4:0.0}\" text-anchor=\"end\">{megabytes:0}</text>").AppendLine();
        }

        for (var i = 0; i <= 4; i++)
        {
            var transfers = (long)(maxX * i / 4.0);
            svg.Append(inv, $"<text x=\"{X(transfers):0.0}\" y=\"{bottom + 16}\" text-anchor=\"middle\">{transfers:N0}</text>").AppendLine();
        }

        svg.Append(inv, $"<text x=\"{Left + PanelWidth / 2}\" y=\"{bottom + 34}\" text-anchor=\"middle\" fill=\"#555555\">transfers confirmed</text>").AppendLine();
        if (warmupEnd is { } end)
        {
            svg.Append(inv, $"<line x1=\"{X(end):0.0}\" y1=\"{top}\" x2=\"{X(end):0.0}\" y2=\"{bottom}\" stroke=\"#555555\" stroke-dasharray=\"5,4\"/>").AppendLine();
        }

        for (var i = 0; i < names.Count; i++)
        {
            var points = samples
                .SelectMany(s => s.Processes.Where(p => p.Name == names[i]).Select(p => string.Create(inv, $"{X(s.Transfers):0.0},{Y(value(p) / Megabyte):0.0}")))
                .ToList();
            if (points.Count > 0)
            {
                svg.Append(inv, $"<polyline fill=\"none\" stroke=\"{Palette[i % Palette.Length]}\" stroke-width=\"2\" points=\"{string.Join(' ', points)}\"/>").AppendLine();
            }
        }
    }

    // The smallest 1, 2 or 5 × 10^n at or above the value, so the axis reads in round numbers.
    private static double NiceCeiling(double value)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }
}
