using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AspireChain.DistributedTests.AppHost;

/// <summary>
/// The README's first command as a user runs it: the AppHost process brings every service up healthy, and SIGTERM
/// (what Ctrl+C or a process manager sends) stops all of them, the orchestrator and the dashboard, and deletes the run's data.
/// </summary>
[Collection(AppHostCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class AppHostProcessTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] Services = ["AspireChain.ChainQuery", "AspireChain.TransactionIngest", "AspireChain.Miner", "AspireChain.Validator"];

    [Fact]
    public async Task The_apphost_brings_every_service_up_healthy_and_SIGTERM_leaves_no_process_or_data_behind()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var marker = Guid.NewGuid().ToString("N");
        var started = Stopwatch.StartNew();
        using var appHost = StartAppHost(marker);
        try
        {
            // Every service process carries the marker it inherited from the AppHost (through the orchestrator).
            var services = await WaitAsync(() => ServiceProcesses(marker) is { Count: 4 } found ? found : null, "the four service processes", cts.Token);
            var dataDirectory = ProcessTable.Environment(services[0].Pid).GetValueOrDefault("DataDirectory");
            Assert.False(string.IsNullOrEmpty(dataDirectory));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var (pid, name) in services)
            {
                var url = ProcessTable.Environment(pid)["ASPNETCORE_URLS"].Split(';')[0];
                await WaitAsync(async () => await IsHealthyAsync(http, url, cts.Token) ? url : null, $"{name} healthy at {url}", cts.Token);
            }

            output.WriteLine($"start to healthy: {started.Elapsed.TotalSeconds:F1} s (from process start, build excluded)");
            Assert.True(Directory.Exists(dataDirectory), $"{dataDirectory} was not created");

            var appHostPid = ProcessTable.WithMarker(marker).Single(p => p.CommandLine.Contains("AspireChain.AppHost", StringComparison.Ordinal)).Pid;
            using (var term = Process.Start("kill", ["-TERM", appHostPid.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync(cts.Token);
            }

            var stopping = Stopwatch.StartNew();
            await appHost.WaitForExitAsync(cts.Token);
            await WaitAsync(() => ProcessTable.WithMarker(marker).Count == 0 ? "none" : null, "no process of the run left", cts.Token, TimeSpan.FromSeconds(30));
            output.WriteLine($"SIGTERM to nothing left: {stopping.Elapsed.TotalSeconds:F1} s");
            Assert.False(Directory.Exists(dataDirectory), $"{dataDirectory} outlived the run");
        }
        finally
        {
            foreach (var (pid, _) in ProcessTable.WithMarker(marker))
            {
                try
                {
                    Process.GetProcessById(pid).Kill(entireProcessTree: true);
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }
        }
    }

    /// <summary>
    /// <c>dotnet run --project AppHost</c> without its launch profile (whose fixed ports a developer's own run may hold):
    /// the same settings as that profile, on free ports, with a marker every descendant inherits.
    /// </summary>
    private static Process StartAppHost(string marker)
    {
        var project = Projects.AspireChain_AppHost.ProjectPath;
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var start = new ProcessStartInfo("dotnet", ["run", "--project", project, "-c", configuration, "--no-build", "--no-launch-profile", "--", "--Miners=1", "--DcpPublisher:RandomizePorts=true"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ASPIRECHAIN_TEST_RUN"] = marker,
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Testing.Aspire.FreePort.Next()}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{Testing.Aspire.FreePort.Next()}",
                ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{Testing.Aspire.FreePort.Next()}",
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet run did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static List<(int Pid, string Name)> ServiceProcesses(string marker) =>
        [.. ProcessTable.WithMarker(marker)
            .Select(p => (p.Pid, Name: Services.FirstOrDefault(s => p.CommandLine.Contains(s + ".dll", StringComparison.Ordinal) || p.CommandLine.Contains(s + " ", StringComparison.Ordinal) || p.CommandLine.EndsWith(s, StringComparison.Ordinal))))
            .Where(p => p.Name is not null)
            .Select(p => (p.Pid, p.Name!))];

    private static async Task<bool> IsHealthyAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(new Uri(url), "/health"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static Task<T> WaitAsync<T>(Func<T?> probe, string what, CancellationToken cancellationToken, TimeSpan? within = null)
        where T : class =>
        WaitAsync(() => Task.FromResult(probe()), what, cancellationToken, within);

    private static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, string what, CancellationToken cancellationToken, TimeSpan? within = null)
        where T : class
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (within is { } limit && deadline.Elapsed > limit)
            {
                throw new TimeoutException($"Not within {limit.TotalSeconds} s: {what}");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>Linux's process table, read from <c>/proc</c>.</summary>
    private static class ProcessTable
    {
        public static List<(int Pid, string CommandLine)> WithMarker(string marker)
        {
            var needle = $"ASPIRECHAIN_TEST_RUN={marker}";
            var found = new List<(int, string)>();
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == System.Environment.ProcessId)
                {
                    continue;
                }

                try
                {
                    var environment = File.ReadAllText(Path.Combine(directory, "environ"));
                    var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                    var zombie = stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
                    if (!zombie && environment.Split('\0').Contains(needle))
                    {
                        found.Add((pid, File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ')));
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Gone meanwhile, or not ours.
                }
            }

            return found;
        }

        public static Dictionary<string, string> Environment(int pid) =>
            File.ReadAllText($"/proc/{pid}/environ", Encoding.UTF8).Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .Where(pair => pair.Length == 2)
                .GroupBy(pair => pair[0], StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Last()[1], StringComparer.Ordinal);
    }
}
