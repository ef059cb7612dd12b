using System.Globalization;
using AspireChain.SystemBench.Report;
using Spectre.Console;

namespace AspireChain.SystemBench.Soak;

/// <summary>Prints a soak's result: where the transfers went, each process's memory growth with its verdict, each store's bytes per transfer.</summary>
public static class SoakTable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes the tables to the console.</summary>
    public static void Write(SoakResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(Inv,
            $"{r.StartedAt:yyyy-MM-dd HH:mm} UTC · soak · {r.Target} · {r.Rate:0}/s for {r.DurationSeconds:0} s · {r.Wallets} wallets · {r.Cores} cores, load average {r.LoadAverageBefore:0.0} → {r.LoadAverageAfter:0.0}{(r.Cancelled ? " · CANCELLED" : "")}{(r.Failure is null ? "" : " · STOPPED EARLY: " + r.Failure)}")));

        var n = r.Counts;
        var lastLoad = r.Soak.Samples.LastOrDefault(s => s.Phase == SoakRun.LoadPhase);
        var main = new Table().Border(TableBorder.Rounded).Title("transfers").AddColumn("figure").AddColumn(new TableColumn("value").RightAligned()).AddColumn("note");
        main.AddRow("submitted", n.Submitted.ToString("N0", Inv), n.SkippedWhileBehind > 0 ? $"[red]{n.SkippedWhileBehind.ToString("N0", Inv)} not offered while too many were in flight[/]" : "");
        main.AddRow("acknowledged", n.Acknowledged.ToString("N0", Inv), string.Create(Inv, $"{n.RetriedRequests} retried after 429/503; {n.RefusedByIngest} refused by ingest {Reasons(n.RefusedByReason)}"));
        main.AddRow("confirmed", n.Confirmed.ToString("N0", Inv), lastLoad is { ElapsedSeconds: > 0 }
            ? string.Create(Inv, $"{lastLoad.Transfers / lastLoad.ElapsedSeconds:0.0}/s during load")
            : "");
        main.AddRow(n.Rejected == 0 ? "rejected" : "[red]rejected[/]", n.Rejected.ToString("N0", Inv), Markup.Escape(Reasons(n.RejectedByReason)));
        main.AddRow(n.Lost == 0 ? "lost" : "[red]lost[/]", n.Lost.ToString("N0", Inv), Markup.Escape(Reasons(n.LostByStatus)));
        main.AddRow("submit → ack p50/p95/p99/max", Latency(r.SubmitToAcknowledged), "ms");
        main.AddRow("submit → confirmed p50/p95/p99/max", Latency(r.SubmitToConfirmed), "ms (histogram: at most 2 % high)");
        main.AddRow("chain verified", r.Verification switch
        {
            null => r.Cancelled || r.Failure is not null ? "not read (stopped early)" : "[red]not read[/]",
            { Valid: true } v => string.Create(Inv, $"{v.BlocksChecked:N0} blocks"),
            _ => "[red]invalid[/]",
        }, r.Verification is { Valid: false } bad ? Markup.Escape($"{bad.Reason}: {bad.Detail}") : "/chain/verify after the drain");
        AnsiConsole.Write(main);

        var memory = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape(string.Create(Inv, $"memory against confirmed transfers (fit past {r.Soak.Warmup}; bound {r.Soak.MaxGrowthBytesPerTransfer:0} B/transfer)")))
            .AddColumn("process").AddColumn(new TableColumn("RSS start → end MB").RightAligned()).AddColumn(new TableColumn("anon warm-up → end MB").RightAligned())
            .AddColumn(new TableColumn("anon B/transfer").RightAligned()).AddColumn(new TableColumn("RSS B/transfer").RightAligned())
            .AddColumn(new TableColumn("samples").RightAligned()).AddColumn("verdict");
        foreach (var m in r.Soak.Memory)
        {
            memory.AddRow(
                Markup.Escape(m.Name == SoakSampler.AppHostName ? "apphost (this process: AppHost, embedded broker, load generator)" : m.Name),
                string.Create(Inv, $"{Mb(m.StartRssBytes)} → {Mb(m.EndRssBytes)}"),
                string.Create(Inv, $"{Mb(m.WarmupAnonBytes)} → {Mb(m.EndAnonBytes)}"),
                m.AnonBytesPerTransfer?.ToString("0.0", Inv) ?? "?",
                m.RssBytesPerTransfer?.ToString("0.0", Inv) ?? "?",
                m.FittedSamples.ToString(Inv),
                m.Verdict switch
                {
                    MemoryGrowth.FlatVerdict => "[green]flat[/]",
                    MemoryGrowth.GrowsVerdict => "[red]grows[/]",
                    MemoryGrowth.TooFewSamplesVerdict => "[red]too few samples[/]",
                    _ => Markup.Escape(m.Verdict),
                });
        }

        AnsiConsole.Write(memory);

        var disk = new Table().Border(TableBorder.Rounded).Title("stores on disk")
            .AddColumn("store").AddColumn(new TableColumn("start → end MB").RightAligned()).AddColumn(new TableColumn("B/transfer, whole soak").RightAligned())
            .AddColumn(new TableColumn("B/transfer past warm-up").RightAligned()).AddColumn(new TableColumn("WAL at end MB").RightAligned());
        foreach (var s in r.Soak.Disk)
        {
            disk.AddRow(Markup.Escape($"{s.Instance}/{s.Store}"), string.Create(Inv, $"{Mb(s.StartBytes)} → {Mb(s.EndBytes)}"),
                s.BytesPerTransfer?.ToString("0.0", Inv) ?? "?", s.SlopeAfterWarmup?.ToString("0.0", Inv) ?? "?", Mb(s.EndWalBytes));
        }

        if (r.Soak.Disk.Count == 0)
        {
            disk.AddRow("(no data directory found)", "", "", "", "");
        }

        AnsiConsole.Write(disk);
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", Inv);

    private static string Reasons(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? "" : "(" + string.Join(", ", counts.OrderByDescending(p => p.Value).Select(p => string.Create(Inv, $"{p.Key} {p.Value}"))) + ")";

    private static string Latency(LatencySummary s) =>
        s.Count == 0 ? "(none)" : string.Create(Inv, $"{s.P50:0} / {s.P95:0} / {s.P99:0} / {s.Max:0}");
}
