using System.CommandLine;
using System.CommandLine.Parsing;
using AspireChain.Client.CommandLine;

namespace AspireChain.SystemBench.Cli;

/// <summary>The bench's command-line options.</summary>
public static class BenchOptions
{
    /// <summary>Offered transfers per second; 0 = flat out.</summary>
    public static Option<double> Rate { get; } = new("--rate") { Description = "Transfers offered per second (0: flat out, each stream sends its next batch as soon as the last is answered)", DefaultValueFactory = _ => 200 };

    /// <summary>How long transfers are submitted.</summary>
    public static Option<TimeSpan> Duration { get; } = DurationOption("--duration", "How long transfers are submitted: seconds (60), with a unit (90s, 2m) or a TimeSpan (00:01:00)", TimeSpan.FromSeconds(60));

    /// <summary>How long outcomes are followed after the last submission.</summary>
    public static Option<TimeSpan> Drain { get; } = DurationOption("--drain", "How long to keep following outcomes after the last submission before the rest counts as lost", TimeSpan.FromMinutes(2));

    /// <summary>Funded wallets.</summary>
    public static Option<int> Wallets { get; } = new("--wallets") { Description = "Wallets funded from the dev faucet; transfers go between them", DefaultValueFactory = _ => 200 };

    /// <summary>Most transfers per request.</summary>
    public static Option<int> Batch { get; } = new("--batch") { Description = "Most transfers per POST /transactions/batch (1: one POST /transactions each)", DefaultValueFactory = _ => 200 };

    /// <summary>Concurrent submitters.</summary>
    public static Option<int> Streams { get; } = new("--streams") { Description = "Concurrent submitters, each owning a disjoint set of wallets (so nonces arrive in order)", DefaultValueFactory = _ => 4 };

    /// <summary>Seed of keys and transfers.</summary>
    public static Option<int> Seed { get; } = new("--seed") { Description = "Seed of the wallet keys and of the random transfers", DefaultValueFactory = _ => 1 };

    /// <summary>Where the JSON result goes.</summary>
    public static Option<FileInfo> Json { get; } = new("--json") { Description = "Write the result (a sweep: every point's) as JSON to this file" };

    /// <summary>Target a running system instead of starting one.</summary>
    public static Option<bool> Target { get; } = new("--target") { Description = "Drive a running system (dotnet run --project AppHost) found like the CLI finds it (--ingest/--chainquery, Aspire variables, ~/.aspirechain/endpoints.json) instead of starting one" };

    /// <summary>TransactionIngest's URL when targeting.</summary>
    public static Option<Uri> Ingest { get; } = new("--ingest") { Description = "TransactionIngest base URL of a running system (implies --target)" };

    /// <summary>ChainQuery's URL when targeting.</summary>
    public static Option<Uri> ChainQuery { get; } = new("--chainquery") { Description = "ChainQuery base URL of a running system (implies --target)" };

    /// <summary>AppHost configuration.</summary>
    public static Option<string[]> Config { get; } = new("--config") { Description = "AppHost configuration for the started system, KEY=VALUE, repeatable (e.g. Chain:TargetBlockTimeMs=1000)", AllowMultipleArgumentsPerToken = false };

    /// <summary>Resource environment variables.</summary>
    public static Option<string[]> Env { get; } = new("--env") { Description = "Environment variable of one resource of the started system, RESOURCE:NAME=VALUE, repeatable (e.g. miner:Miner__MaxWait=00:00:00.5)" };

    /// <summary>Miner replicas.</summary>
    public static Option<int?> Miners { get; } = new("--miners") { Description = "Miner replicas of the started system (the AppHost's Miners setting; default 3)" };

    /// <summary>The miner's block-cutting size.</summary>
    public static Option<int?> BlockSize { get; } = new("--block-size") { Description = "Transfers a miner puts in a block at most (Miner:MaxBlockTransactions; default 5,000)" };

    /// <summary>Keep Ingest's per-client rate limit.</summary>
    public static Option<bool> KeepIngestLimit { get; } = new("--keep-ingest-limit") { Description = "Keep TransactionIngest's per-client rate limit (1,000/s by default); the bench lifts it because it stands in for many clients from one address" };

    /// <summary>Where the started services' console logs are saved.</summary>
    public static Option<DirectoryInfo> Logs { get; } = new("--logs") { Description = "Save each started service instance's console log to DIR/<instance>.log" };

    /// <summary>Skip openssl.</summary>
    public static Option<bool> NoOpenSsl { get; } = new("--no-openssl") { Description = "Skip measuring the machine's limits with openssl speed (about 9 s)" };

    /// <summary>What counts as success.</summary>
    public static Option<string> Require { get; } = new("--require") { Description = "Exit 0 when: all = every transfer confirmed, none rejected or lost; any = at least one confirmed", DefaultValueFactory = _ => "all" };

    /// <summary>Swept settings.</summary>
    public static Option<string[]> Sweep { get; } = new("--sweep") { Description = "Run one bench per value on a fresh system, KEY=V1,V2,..., repeatable (every combination): miners, block-size, block-time, rate, or an AppHost configuration key" };

    /// <summary>The sweep's chart.</summary>
    public static Option<FileInfo> Chart { get; } = new("--chart") { Description = "Where a sweep writes its SVG chart", DefaultValueFactory = _ => new FileInfo("docs/images/bench-sweep.svg") };

    /// <summary>The sweep's markdown table.</summary>
    public static Option<FileInfo> Table { get; } = new("--table") { Description = "Where a sweep writes its markdown table", DefaultValueFactory = _ => new FileInfo("docs/bench-sweep.md") };

    /// <summary>A saved sweep to draw again.</summary>
    public static Option<FileInfo> Replot { get; } = new("--replot") { Description = "Write --chart and --table again from a sweep's JSON (--json of an earlier sweep) without running anything" };

    /// <summary>Adds every option and its checks to <paramref name="command"/>.</summary>
    public static void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { Rate, Duration, Drain, Wallets, Batch, Streams, Seed, Json, Target, Ingest, ChainQuery, Config, Env, Miners, BlockSize, KeepIngestLimit, Logs, NoOpenSsl, Require, Sweep, Chart, Table, Replot })
        {
            command.Options.Add(option);
        }

        Require.AcceptOnlyFromAmong("all", "any");
        Rate.Validators.Add(r => { if (r.GetValueOrDefault<double>() < 0) r.AddError("--rate must not be negative."); });
        Wallets.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 2) r.AddError("--wallets must be at least 2."); });
        Batch.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 1000) r.AddError("--batch must be between 1 and 1000."); });
        Streams.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 64) r.AddError("--streams must be between 1 and 64."); });
        Sweep.Validators.Add(r =>
        {
            foreach (var text in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (SweepAxis.TryParse(text) is null) r.AddError($"--sweep takes KEY=V1,V2,... (e.g. miners=1,2,4); got '{text}'.");
            }
        });
    }

    private static Option<TimeSpan> DurationOption(string name, string description, TimeSpan fallback) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        CustomParser = r => OptionValues.Duration(r, name),
    };
}
