using System.Globalization;
using Spectre.Console;

namespace AspireChain.SystemBench.Report;

/// <summary>Prints a run's result as tables: throughput and latency, blocks, cost per service, and the machine's limits with each figure's share of them.</summary>
public static class ResultTable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes the tables to the console.</summary>
    public static void Write(BenchResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var c = r.Conditions;
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(Inv,
            $"{r.StartedAt:yyyy-MM-dd HH:mm} UTC · {c.Target} · rate {(c.Rate <= 0 ? "flat out" : c.Rate.ToString("0", Inv) + "/s")} for {c.DurationSeconds:0} s · {c.Wallets} wallets · batch {c.Batch} · {c.Streams} streams · {c.Cores} cores, load average {c.LoadAverageBefore:0.0} → {c.LoadAverageAfter:0.0} · height {c.HeightBefore} → {c.HeightAfter}")));

        var main = new Table().Border(TableBorder.Rounded).Title("throughput and latency").AddColumn("figure").AddColumn(new TableColumn("value").RightAligned()).AddColumn("note");
        var n = r.Counts;
        main.AddRow("submitted", n.Submitted.ToString("N0", Inv), "");
        main.AddRow("acknowledged", n.Acknowledged.ToString("N0", Inv), string.Create(Inv, $"{n.RetriedRequests} retried after 429/503; {n.RefusedByIngest} refused by ingest"));
        main.AddRow("confirmed", n.Confirmed.ToString("N0", Inv), n.RejectedThenConfirmed > 0 ? $"[red]{n.RejectedThenConfirmed} were first reported rejected[/]" : "");
        main.AddRow(n.Rejected == 0 ? "rejected" : "[red]rejected[/]", n.Rejected.ToString("N0", Inv), Markup.Escape(string.Join(", ", n.RejectedByReason.Select(p => $"{p.Key} {p.Value}"))));
        foreach (var (reason, detail) in n.RejectionExamples)
        {
            main.AddRow("", "", Markup.Escape($"e.g. {reason}: {detail}"));
        }

        main.AddRow(n.Lost == 0 ? "lost" : "[red]lost[/]", n.Lost.ToString("N0", Inv), Markup.Escape(string.Join(", ", n.LostByStatus.Select(p => $"{p.Key} {p.Value}"))));
        var t = r.Throughput;
        main.AddRow("acknowledged/s", t.AcknowledgedPerSecond.ToString("0.0", Inv), "first submit → last acknowledgement");
        main.AddRow("[bold]confirmed/s[/]", t.ConfirmedPerSecond.ToString("0.0", Inv), "first submit → last confirmation");
        main.AddRow("confirmed/s during load", t.ConfirmedPerSecondDuringLoad.ToString("0.0", Inv), string.Create(Inv, $"confirmed before submission stopped ÷ {t.LoadSeconds:0.0} s"));
        main.AddRow("submit → ack p50/p95/p99/max", Latency(r.SubmitToAcknowledged), "ms");
        main.AddRow("[bold]submit → confirmed[/] p50/p95/p99/max", Latency(r.SubmitToConfirmed), "ms (block event seen by the bench)");
        if (r.SteadyState is { } steady)
        {
            main.AddRow(string.Create(Inv, $"  after the first {steady.FromSeconds:0} s"), Latency(steady.SubmitToConfirmed),
                string.Create(Inv, $"ms, the {steady.SubmitToConfirmed.Count:N0} transfers submitted from {steady.FromSeconds:0} s into the load on"));
        }
        if (r.Funding is { Transfers: > 0, FirstConfirmedMs: { } first } f)
        {
            main.AddRow(f.HeightBefore == 0 ? "[bold]first transfer on a fresh chain[/]" : "first funding confirmed", first.ToString("N0", Inv),
                string.Create(Inv, $"ms submit → confirmed (funding {f.Transfers} wallets from height {f.HeightBefore}; all in {f.AllConfirmedMs:N0} ms; polled every 250 ms)"));
        }

        if (r.Stages is { Blocks: > 0 } stages)
        {
            main.AddRow("block stages p50/p99/max", "", string.Create(Inv, $"ms, {stages.Blocks} blocks (ChainQuery's lifecycle view)"));
            main.AddRow("  first transfer submitted → mined", Latency(stages.SubmittedToMined, withP95: false), "queued at the miner, cut, proof of work");
            main.AddRow("  mined → validated", Latency(stages.MinedToValidated, withP95: false), "candidate on Kafka, the Validator's judgement");
            main.AddRow("  validated → committed", Latency(stages.ValidatedToCommitted, withP95: false), "the Validator's Kafka transaction");
            main.AddRow("  committed → applied", Latency(stages.CommittedToApplied, withP95: false), "ChainQuery reads and stores it: its transfers read as confirmed");
        }

        main.AddRow("chain verified", r.Verification switch
        {
            null => "[red]not read[/]",
            { Valid: true } v => string.Create(Inv, $"{v.BlocksChecked:N0} blocks"),
            _ => "[red]invalid[/]",
        }, r.Verification is { Valid: false } bad
            ? Markup.Escape(string.Create(Inv, $"{(bad.FirstBadHeight is { } height ? $"at height {height}: " : "")}{bad.Reason}: {bad.Detail}"))
            : "/chain/verify afterwards: every stored block against every rule, accounts against the replay");
        var b = r.Blocks;
        main.AddRow("blocks", b.Blocks.ToString(Inv), string.Create(Inv, $"mean interval {b.MeanIntervalSeconds:0.00} s"));
        main.AddRow("transfers per block", b.MeanTransfersPerBlock.ToString("0.0", Inv), string.Create(Inv, $"max {b.MaxTransfersPerBlock}"));
        main.AddRow("stale rate", b.StaleRate.ToString("P1", Inv), string.Create(Inv, $"{b.StaleCandidates} stale, {b.RejectedCandidates} rejected candidates in all ({b.RejectedCandidateRate:P1})"));
        AnsiConsole.Write(main);

        var cost = new Table().Border(TableBorder.Rounded).Title(string.Create(Inv, $"where the time goes ({t.ElapsedSeconds:0.0} s of load and drain)"))
            .AddColumn("service").AddColumn(new TableColumn("CPU s").RightAligned()).AddColumn(new TableColumn("cores").RightAligned())
            .AddColumn(new TableColumn("share").RightAligned()).AddColumn(new TableColumn("peak RSS MB").RightAligned());
        var total = r.Services.Sum(s => s.CpuSeconds);
        foreach (var s in r.Services)
        {
            cost.AddRow(Markup.Escape(s.Name), s.CpuSeconds.ToString("0.0", Inv), s.CoresUsed.ToString("0.00", Inv),
                total > 0 ? (s.CpuSeconds / total).ToString("P0", Inv) : "", s.PeakResidentMegabytes?.ToString("0", Inv) ?? "");
        }

        cost.AddRow("[bold]total[/]", total.ToString("0.0", Inv), t.ElapsedSeconds > 0 ? (total / t.ElapsedSeconds).ToString("0.00", Inv) : "", "", "");
        AnsiConsole.Write(cost);

        var l = r.Limits;
        var ratio = r.Ratios;
        var limits = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"against the machine's limits ({l.OpenSslVersion ?? l.Problem})"))
            .AddColumn("figure").AddColumn(new TableColumn("value").RightAligned()).AddColumn(new TableColumn("limit").RightAligned()).AddColumn(new TableColumn("share").RightAligned());
        limits.AddRow("P-256 verify/s per core (openssl, CPU time)", "", l.VerifyPerSecondPerCore?.ToString("N0", Inv) ?? "?", "");
        limits.AddRow(Markup.Escape(string.Create(Inv, $"confirmed/s × {ratio.VerificationsPerTransfer} verifications (ingest and the Validator; miners check ingest's tag)")),
            (t.ConfirmedPerSecond * (ratio.VerificationsPerTransfer ?? 0)).ToString("N0", Inv), l.VerifyPerSecond?.ToString("N0", Inv) ?? "?", ratio.ConfirmedVerifyShare?.ToString("P1", Inv) ?? "?");
        limits.AddRow("acknowledged/s (one verification at ingest)", t.AcknowledgedPerSecond.ToString("N0", Inv), l.VerifyPerSecond?.ToString("N0", Inv) ?? "?", ratio.AcknowledgedVerifyShare?.ToString("P1", Inv) ?? "?");
        limits.AddRow("confirmed/s if verification were the only cost", "", ratio.ConfirmedCeiling?.ToString("N0", Inv) ?? "?", "");
        limits.AddRow("mining hashes/s (chain's estimate) vs 64-byte SHA-256/s", b.HashRate.ToString("N0", Inv), l.Sha256HashesPerSecond?.ToString("N0", Inv) ?? "?", ratio.HashRateShare?.ToString("P1", Inv) ?? "?");
        AnsiConsole.Write(limits);
    }

    private static string Latency(LatencySummary s, bool withP95 = true) =>
        s.Count == 0 ? "(none)"
        : withP95 ? string.Create(Inv, $"{s.P50:0} / {s.P95:0} / {s.P99:0} / {s.Max:0}")
        : string.Create(Inv, $"{s.P50:0} / {s.P99:0} / {s.Max:0}");
}
