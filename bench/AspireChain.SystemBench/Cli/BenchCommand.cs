using System.CommandLine;
using System.Text.Json;
using AspireChain.SystemBench.Hosting;
using AspireChain.SystemBench.Load;
using AspireChain.SystemBench.Measure;
using AspireChain.SystemBench.Report;
using AspireChain.SystemBench.Sweep;
using AspireChain.Client.Profile;
using AspireChain.Client.Services;
using Spectre.Console;

namespace AspireChain.SystemBench.Cli;

/// <summary>The bench: one measured run (or a sweep of runs) against a system the bench starts, or a running one.</summary>
public static class BenchCommand
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Adds the options and the action to the root command.</summary>
    public static void Configure(RootCommand root)
    {
        BenchOptions.AddTo(root);
        root.SetAction((parse, ct) => RunAsync(parse, ct));
        root.Subcommands.Add(SoakCommand.Create());
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        try
        {
            var shape = new LoadShape(
                parse.GetValue(BenchOptions.Rate), parse.GetValue(BenchOptions.Duration), parse.GetValue(BenchOptions.Drain),
                parse.GetValue(BenchOptions.Wallets), parse.GetValue(BenchOptions.Batch), parse.GetValue(BenchOptions.Streams), parse.GetValue(BenchOptions.Seed));
            var settings = SettingsOf(parse);
            var targeting = parse.GetValue(BenchOptions.Target) || parse.GetValue(BenchOptions.Ingest) is not null || parse.GetValue(BenchOptions.ChainQuery) is not null;
            var axes = (parse.GetValue(BenchOptions.Sweep) ?? []).Select(t => SweepAxis.TryParse(t)!).ToList();
            if (targeting && (axes.Count > 0 || settings.Configuration.Count + settings.Environment.Count > (parse.GetValue(BenchOptions.KeepIngestLimit) ? 0 : 1)))
            {
                await Console.Error.WriteLineAsync("error: --sweep, --config, --env, --miners and --block-size configure a system the bench starts; a running system (--target) keeps its own settings.");
                return 1;
            }

            if (parse.GetValue(BenchOptions.Replot) is { } replot)
            {
                var saved = JsonSerializer.Deserialize(await File.ReadAllTextAsync(replot.FullName, cancellationToken), BenchJsonContext.Default.IReadOnlyListBenchResult)
                    ?? throw new ArgumentException($"{replot.FullName} holds no sweep.");
                WriteSweep(parse, saved);
                return 0;
            }

            var limits = parse.GetValue(BenchOptions.NoOpenSsl)
                ? MachineLimits.Skipped("skipped (--no-openssl)")
                : await MeasureLimitsAsync(cancellationToken);
            var results = new List<BenchResult>();
            if (axes.Count == 0)
            {
                var result = targeting
                    ? await RunOnceAsync(await ConnectAsync(parse), shape, limits, cancellationToken)
                    : await RunOnceAsync(await StartAsync(settings, parse.GetValue(BenchOptions.Logs)?.FullName, cancellationToken), shape, limits, cancellationToken);
                results.Add(result);
                ResultTable.Write(result);
            }
            else
            {
                var points = SweepAxis.Points(axes);
                foreach (var (point, index) in points.Select((p, i) => (p, i)))
                {
                    var label = string.Join(" ", point.Select(p => $"{p.Key}={p.Value}"));
                    AnsiConsole.MarkupLine($"[bold]sweep point {index + 1} of {points.Count}: {Markup.Escape(label)}[/]");
                    var pointShape = shape;
                    var pointSettings = settings;
                    foreach (var (key, value) in point)
                    {
                        if (string.Equals(key, "rate", StringComparison.OrdinalIgnoreCase))
                        {
                            pointShape = pointShape with { Rate = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) };
                        }
                        else
                        {
                            pointSettings = pointSettings.With(key, value);
                        }
                    }

                    var result = (await RunOnceAsync(await StartAsync(pointSettings, parse.GetValue(BenchOptions.Logs) is { } logs ? Path.Combine(logs.FullName, $"point-{index + 1}") : null, cancellationToken), pointShape, limits, cancellationToken)) with { Point = label };
                    ResultTable.Write(result);
                    results.Add(result);
                }

                WriteSweep(parse, results);
            }

            if (parse.GetValue(BenchOptions.Json) is { } json)
            {
                Directory.CreateDirectory(json.DirectoryName ?? ".");
                await File.WriteAllTextAsync(json.FullName, results.Count == 1
                    ? JsonSerializer.Serialize(results[0], BenchJsonContext.Default.BenchResult)
                    : JsonSerializer.Serialize<IReadOnlyList<BenchResult>>(results, BenchJsonContext.Default.IReadOnlyListBenchResult), cancellationToken);
                Console.WriteLine($"result: {json.FullName}");
            }

            var requireAll = parse.GetValue(BenchOptions.Require) == "all";
            return results.All(r => r.ChainValid && (requireAll ? r.AllConfirmed : r.Counts.Confirmed > 0)) ? 0 : 1;
        }
        catch (ServiceUnreachableException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is ServiceRefusedException or TimeoutException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return 130;
        }
    }

    private static void WriteSweep(ParseResult parse, IReadOnlyList<BenchResult> results)
    {
        var labels = results.Select(r => r.Point ?? r.Conditions.Target).ToList();
        var chart = parse.GetValue(BenchOptions.Chart)!;
        var table = parse.GetValue(BenchOptions.Table)!;
        SweepChart.Write(chart.FullName, labels, results);
        SweepTable.Write(table.FullName, labels, results);
        Console.WriteLine($"sweep chart: {chart.FullName}");
        Console.WriteLine($"sweep table: {table.FullName}");
    }

    /// <summary>The AppHost settings the options name (the ingest limit lifted unless kept).</summary>
    internal static RunSettings SettingsOf(ParseResult parse)
    {
        var settings = RunSettings.None;
        if (!parse.GetValue(BenchOptions.KeepIngestLimit))
        {
            settings = settings.With("ingest:Ingest__RateLimitPermits", "0");
        }

        if (parse.GetValue(BenchOptions.Miners) is { } miners)
        {
            settings = settings.With("miners", miners.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (parse.GetValue(BenchOptions.BlockSize) is { } size)
        {
            settings = settings.With("block-size", size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var text in parse.GetValue(BenchOptions.Config) ?? [])
        {
            var parts = text.Split('=', 2);
            settings = parts.Length == 2 ? settings.With(parts[0].Trim(), parts[1]) : throw new ArgumentException($"--config takes KEY=VALUE; got '{text}'.");
        }

        foreach (var text in parse.GetValue(BenchOptions.Env) ?? [])
        {
            var parts = text.Split('=', 2);
            var target = parts[0].Split(':', 2);
            if (parts.Length != 2 || target.Length != 2)
            {
                throw new ArgumentException($"--env takes RESOURCE:NAME=VALUE; got '{text}'.");
            }

            settings = settings with { Environment = [.. settings.Environment, (target[0], target[1], parts[1])] };
        }

        return settings;
    }

    private static async Task<MachineLimits> MeasureLimitsAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine($"measuring the machine's limits: openssl speed -seconds {MachineLimits.Seconds} ecdsap256, then -bytes 64 sha256 ...");
        var limits = await MachineLimits.MeasureAsync(cancellationToken);
        Console.WriteLine(limits.Problem ?? $"  {limits.VerifyPerSecondPerCore:N0} P-256 verify/s and {limits.Sha256HashesPerSecondPerCore:N0} 64-byte SHA-256/s per core, {limits.Cores} cores");
        return limits;
    }

    /// <summary>Starts the AppHost with the settings and waits until every service is healthy.</summary>
    internal static async Task<ISystemUnderTest> StartAsync(RunSettings settings, string? logDirectory, CancellationToken cancellationToken)
    {
        Console.WriteLine($"starting the AppHost{(settings.Configuration.Count + settings.Environment.Count > 0 ? " with " + string.Join(", ", settings.Describe()) : "")} ...");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var system = await AppHostSystem.StartAsync(settings.Configuration, settings.Environment, logDirectory, StartTimeout, cancellationToken);
        Console.WriteLine($"system healthy in {started.Elapsed.TotalSeconds:0.0} s: ingest {system.Ingest}, chainquery {system.ChainQuery}");
        return system;
    }

    /// <summary>A running system found as the CLI finds it.</summary>
    internal static Task<ISystemUnderTest> ConnectAsync(ParseResult parse)
    {
        var file = EndpointsFile.TryRead(Path.Combine(ProfileDirectory.Resolve(Environment.GetEnvironmentVariable), ProfileDirectory.EndpointsFileName));
        var ingest = ServiceEndpoints.Resolve(ServiceEndpoints.Ingest, parse.GetValue(BenchOptions.Ingest), Environment.GetEnvironmentVariable, file);
        var chainQuery = ServiceEndpoints.Resolve(ServiceEndpoints.ChainQuery, parse.GetValue(BenchOptions.ChainQuery), Environment.GetEnvironmentVariable, file);
        Console.WriteLine($"targeting a running system: ingest {ingest.Url} ({ingest.SourceText}), chainquery {chainQuery.Url} ({chainQuery.SourceText})");
        return Task.FromResult<ISystemUnderTest>(new RunningSystem(ingest.Url, chainQuery.Url, $"running system at {ingest.Url} / {chainQuery.Url}"));
    }

    private static async Task<BenchResult> RunOnceAsync(ISystemUnderTest system, LoadShape shape, MachineLimits limits, CancellationToken cancellationToken)
    {
        await using (system)
        {
            return await new BenchRun(system, shape, limits).RunAsync(cancellationToken);
        }
    }
}
