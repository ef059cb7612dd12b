using System.CommandLine;
using System.Text.Json;
using AspireChain.SystemBench.Hosting;
using AspireChain.SystemBench.Load;
using AspireChain.SystemBench.Soak;
using AspireChain.Client.Services;

namespace AspireChain.SystemBench.Cli;

/// <summary>
/// <c>soak</c>: a long run at a steady rate between a fixed set of wallets, sampling every process's memory and every
/// store's bytes, to show whether memory grows with the chain's history (per confirmed transfer) or only with its accounts.
/// </summary>
public static class SoakCommand
{
    /// <summary>The <c>soak</c> subcommand with its options and action.</summary>
    public static Command Create()
    {
        var command = new Command("soak", "Soak: offer transfers at a steady rate between a fixed set of wallets for a long time (an hour and more), sample every service process's memory (RSS, anonymous, file-backed), CPU and store bytes every few seconds, and fit memory growth per confirmed transfer past a warm-up against a bound");
        SoakOptions.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(parse, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        try
        {
            if (parse.GetValue(SoakOptions.Replot) is { } replot)
            {
                var saved = JsonSerializer.Deserialize(await File.ReadAllTextAsync(replot.FullName, cancellationToken), SoakJsonContext.Default.SoakResult)
                    ?? throw new ArgumentException($"{replot.FullName} holds no soak.");
                SoakTable.Write(saved);
                var chart = parse.GetValue(SoakOptions.Chart) ?? new FileInfo(Path.ChangeExtension(replot.FullName, ".svg"));
                SoakChart.Write(chart.FullName, saved);
                Console.WriteLine($"chart: {chart.FullName}");
                return 0;
            }

            var rate = parse.GetValue(BenchOptions.Rate);
            if (rate <= 0)
            {
                await Console.Error.WriteLineAsync("error: a soak needs a steady --rate above 0 (flat out, the backlog and not the history would grow).");
                return 1;
            }

            var load = new LoadShape(
                rate, parse.GetValue(SoakOptions.Duration), parse.GetValue(SoakOptions.Drain), parse.GetValue(BenchOptions.Wallets),
                parse.GetValue(BenchOptions.Batch), parse.GetValue(BenchOptions.Streams), parse.GetValue(BenchOptions.Seed));
            var shape = new SoakShape(
                load, parse.GetValue(SoakOptions.SampleInterval), SoakWarmup.TryParse(parse.GetValue(SoakOptions.Warmup))!,
                parse.GetValue(SoakOptions.MaxGrowth), parse.GetValue(SoakOptions.MaxOpen) ?? (int)Math.Max(10_000, rate * 60));
            var settings = BenchCommand.SettingsOf(parse);
            var targeting = parse.GetValue(BenchOptions.Target) || parse.GetValue(BenchOptions.Ingest) is not null || parse.GetValue(BenchOptions.ChainQuery) is not null;
            if (targeting && settings.Configuration.Count + settings.Environment.Count > (parse.GetValue(BenchOptions.KeepIngestLimit) ? 0 : 1))
            {
                await Console.Error.WriteLineAsync("error: --config, --env, --miners and --block-size configure a system the soak starts; a running system (--target) keeps its own settings.");
                return 1;
            }

            Console.WriteLine($"soak: {rate:0}/s for {load.Duration}, {load.Wallets} wallets, sampled every {shape.SampleInterval.TotalSeconds:0.#} s; growth fit past {shape.Warmup}, bound {shape.MaxGrowthBytesPerTransfer:0} B/transfer");
            var system = targeting
                ? await BenchCommand.ConnectAsync(parse)
                : await BenchCommand.StartAsync(settings, parse.GetValue(BenchOptions.Logs)?.FullName, cancellationToken);
            SoakResult result;
            await using (system)
            {
                result = await new SoakRun(system, shape).RunAsync(cancellationToken);
                // Written before the system stops: a soak cut short by Ctrl+C keeps what it sampled.
                await WriteAsync(parse, result);
            }

            SoakTable.Write(result);
            if (result.Cancelled)
            {
                return 130;
            }

            if (result.Failure is not null)
            {
                await Console.Error.WriteLineAsync($"error: the soak stopped early: {result.Failure}");
                return 2;
            }

            var ok = result.Counts.Confirmed > 0 && result.Verification is { Valid: true };
            var flat = result.Flat;
            if (parse.GetValue(SoakOptions.Require) == "flat" && !flat)
            {
                Console.WriteLine($"soak: memory is not flat: {string.Join(", ", result.Soak.Memory.Where(m => m.Judged && m.Verdict != MemoryGrowth.FlatVerdict).Select(m => $"{m.Name} {m.Verdict} ({m.AnonBytesPerTransfer:0} B/transfer)"))}");
                return 1;
            }

            return ok ? 0 : 1;
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

    private static async Task WriteAsync(ParseResult parse, SoakResult result)
    {
        var json = parse.GetValue(BenchOptions.Json);
        if (json is not null)
        {
            Directory.CreateDirectory(json.DirectoryName ?? ".");
            await File.WriteAllTextAsync(json.FullName, JsonSerializer.Serialize(result, SoakJsonContext.Default.SoakResult), CancellationToken.None);
            Console.WriteLine($"result: {json.FullName}");
        }

        var chart = parse.GetValue(SoakOptions.Chart) ?? (json is null ? null : new FileInfo(Path.ChangeExtension(json.FullName, ".svg")));
        if (chart is not null)
        {
            SoakChart.Write(chart.FullName, result);
            Console.WriteLine($"chart: {chart.FullName}");
        }
    }
}
