using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace AspireChain.SystemBench.Report;

/// <summary>
/// Shows the run while it happens: a live table on a terminal, or one plain line every five seconds when the output is
/// redirected (CI logs).
/// </summary>
public static class LiveProgress
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>Renders <paramref name="read"/> each second until <paramref name="until"/> completes.</summary>
    public static async Task ShowAsync(Func<ProgressSnapshot> read, Task until)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(until);
        if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            await AnsiConsole.Live(Render(read())).AutoClear(true).StartAsync(async context =>
            {
                while (!until.IsCompleted)
                {
                    await Task.WhenAny(until, Task.Delay(Tick));
                    context.UpdateTarget(Render(read()));
                }
            });
            return;
        }

        var ticks = 0;
        while (!until.IsCompleted)
        {
            await Task.WhenAny(until, Task.Delay(Tick));
            if (++ticks % 5 == 0)
            {
                Console.WriteLine(Line(read()));
            }
        }
    }

    /// <summary>One plain line of a snapshot.</summary>
    public static string Line(ProgressSnapshot s) => string.Create(CultureInfo.InvariantCulture,
        $"[{s.Elapsed.TotalSeconds,5:0}s {s.Phase}] submitted {s.Submitted} ack {s.Acknowledged} confirmed {s.Confirmed} rejected {s.Rejected} open {s.Outstanding} height {s.TipHeight} | {s.AcknowledgedPerSecond:0}/s ack {s.ConfirmedPerSecond:0}/s confirmed | cores {string.Join(" ", s.ServiceCores.Select(c => $"{c.Service} {c.Cores:0.00}"))} | load {s.LoadAverage:0.0}");

    private static IRenderable Render(ProgressSnapshot s)
    {
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded).Title($"AspireChain bench: {s.Phase}, {s.Elapsed.TotalSeconds.ToString("0", inv)} s")
            .AddColumn("submitted").AddColumn("acknowledged").AddColumn("confirmed").AddColumn("rejected").AddColumn("open")
            .AddColumn("height").AddColumn("ack/s (5 s)").AddColumn("confirmed/s (5 s)").AddColumn("load avg");
        foreach (var column in table.Columns)
        {
            column.RightAligned();
        }

        table.AddRow(
            s.Submitted.ToString("N0", inv), s.Acknowledged.ToString("N0", inv), s.Confirmed.ToString("N0", inv),
            s.Rejected == 0 ? "0" : $"[red]{s.Rejected.ToString("N0", inv)}[/]", s.Outstanding.ToString("N0", inv),
            s.TipHeight.ToString(inv), s.AcknowledgedPerSecond.ToString("0", inv), s.ConfirmedPerSecond.ToString("0", inv),
            s.LoadAverage?.ToString("0.0", inv) ?? "?");
        var cores = new BarChart().Label("CPU cores used, last second").Width(70);
        foreach (var (service, used) in s.ServiceCores)
        {
            cores.AddItem(service, Math.Round(used, 2), Color.Teal);
        }

        return new Rows(table, cores);
    }
}
