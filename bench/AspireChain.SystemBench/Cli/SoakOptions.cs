using System.CommandLine;
using AspireChain.SystemBench.Soak;
using AspireChain.Client.CommandLine;

namespace AspireChain.SystemBench.Cli;

/// <summary>The options of <c>soak</c>: those it shares with a bench run (rate, wallets, system settings, ...) and its own.</summary>
public static class SoakOptions
{
    /// <summary>How long transfers are offered.</summary>
    public static Option<TimeSpan> Duration { get; } = DurationOption("--duration", "How long transfers are offered: seconds (600), with a unit (90s, 1h) or a TimeSpan (01:00:00)", TimeSpan.FromMinutes(10));

    /// <summary>How long outcomes are followed after the last submission.</summary>
    public static Option<TimeSpan> Drain { get; } = DurationOption("--drain", "How long to keep following outcomes after the last submission before the rest counts as lost", TimeSpan.FromMinutes(1));

    /// <summary>How often everything is sampled.</summary>
    public static Option<TimeSpan> SampleInterval { get; } = DurationOption("--sample-interval", "How often every process's memory and CPU, every store's bytes and the counters are sampled", TimeSpan.FromSeconds(5));

    /// <summary>The start of the run the growth fit leaves out.</summary>
    public static Option<string> Warmup { get; } = new("--warmup") { Description = "What the growth fit leaves out at the start: a share of the load (20%) or a number of confirmed transfers (50000)", DefaultValueFactory = _ => "20%" };

    /// <summary>The growth bound.</summary>
    public static Option<double> MaxGrowth { get; } = new("--max-growth-bytes-per-transfer") { Description = "The largest slope of a service's anonymous resident memory against confirmed transfers (bytes per transfer, past the warm-up) that still counts as flat", DefaultValueFactory = _ => 64 };

    /// <summary>What counts as success.</summary>
    public static Option<string> Require { get; } = new("--require") { Description = "Exit 0 when: none = transfers were confirmed and the chain verified (an exploratory run); flat = also every service's memory is flat", DefaultValueFactory = _ => "none" };

    /// <summary>Where the memory chart goes.</summary>
    public static Option<FileInfo> Chart { get; } = new("--chart") { Description = "Write memory against confirmed transfers as SVG here (default: next to --json, same name, .svg)" };

    /// <summary>Transfers in flight at which the streams pause.</summary>
    public static Option<int?> MaxOpen { get; } = new("--max-open") { Description = "Transfers in flight (no outcome yet) at which the streams pause and skip what they owed (default: a minute of the rate, at least 10,000)" };

    /// <summary>A saved soak to print and draw again.</summary>
    public static Option<FileInfo> Replot { get; } = new("--replot") { Description = "Print the tables and write --chart again from a soak's JSON (--json of an earlier soak) without running anything" };

    /// <summary>Adds the soak's options, and the bench options it shares, to <paramref name="command"/>.</summary>
    public static void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[]
        {
            BenchOptions.Rate, Duration, Drain, BenchOptions.Wallets, BenchOptions.Batch, BenchOptions.Streams, BenchOptions.Seed, SampleInterval,
            Warmup, MaxGrowth, Require, BenchOptions.Json, Chart, Replot, MaxOpen, BenchOptions.Target, BenchOptions.Ingest, BenchOptions.ChainQuery,
            BenchOptions.Config, BenchOptions.Env, BenchOptions.Miners, BenchOptions.BlockSize, BenchOptions.KeepIngestLimit, BenchOptions.Logs,
        })
        {
            command.Options.Add(option);
        }

        Require.AcceptOnlyFromAmong("none", "flat");
        Warmup.Validators.Add(r => { if (SoakWarmup.TryParse(r.GetValueOrDefault<string>()) is null) r.AddError("--warmup takes a share (20%) or a number of confirmed transfers (50000)."); });
        MaxGrowth.Validators.Add(r => { if (r.GetValueOrDefault<double>() < 0) r.AddError("--max-growth-bytes-per-transfer must not be negative."); });
        SampleInterval.Validators.Add(r => { if (r.GetValueOrDefault<TimeSpan>() < TimeSpan.FromMilliseconds(100)) r.AddError("--sample-interval must be at least 100 ms."); });
        MaxOpen.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--max-open must be at least 1."); });
    }

    private static Option<TimeSpan> DurationOption(string name, string description, TimeSpan fallback) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        CustomParser = r => OptionValues.Duration(r, name),
    };
}
