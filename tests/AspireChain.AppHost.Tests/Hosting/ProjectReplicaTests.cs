using AspireChain.AppHost.Hosting;
using AspireChain.AppHost.Hosting.Orchestration;

namespace AspireChain.AppHost.Tests.Hosting;

/// <summary>
/// One supervisor in isolation, with a process that crashes at once (<c>dotnet</c> on a missing assembly):
/// it waits for dependencies, obeys stop while waiting, and relaunches a crashing process with a growing back-off.
/// </summary>
public sealed class ProjectReplicaTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "aspirechain-replica-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new();

    [Fact]
    public async Task Waits_for_dependencies_obeys_stop_meanwhile_then_restarts_a_crashing_process_with_backoff()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var changes = new StateChangeSignal();
        var dependenciesReady = false;
        var resource = new ProjectResource("crasher", new MissingProject(Path.Combine(_dataDirectory, "Missing.dll")));
        var options = new DistributedApplicationOptions { RestartDelay = TimeSpan.FromMilliseconds(200), ShutdownTimeout = TimeSpan.FromSeconds(2) };
        var replica = new ProjectReplica(
            resource, 0, FreePort.Next(), Path.Combine(_dataDirectory, "crasher"), options,
            _ => new Dictionary<string, string>(), () => Volatile.Read(ref dependenciesReady), _http, changes);

        await replica.StartAsync(timeout.Token);
        await changes.WaitUntilAsync(() => replica.State == ResourceState.Waiting, timeout.Token);

        Assert.True(await replica.ExecuteCommandAsync("stop", timeout.Token));
        Assert.Equal(ResourceState.Stopped, replica.State);
        Assert.True(await replica.ExecuteCommandAsync("start", timeout.Token));
        await changes.WaitUntilAsync(() => replica.State == ResourceState.Waiting, timeout.Token);
        Assert.Null(replica.Snapshot().ProcessId);

        var readyAt = DateTimeOffset.UtcNow;
        Volatile.Write(ref dependenciesReady, true);
        changes.Pulse();
        await changes.WaitUntilAsync(() => replica.RestartCount >= 3, timeout.Token);

        // Crashes after 200 ms, 400 ms and 800 ms of back-off: at least 1.4 s for three relaunches.
        Assert.True(DateTimeOffset.UtcNow - readyAt >= TimeSpan.FromMilliseconds(1400), $"three restarts within {DateTimeOffset.UtcNow - readyAt}");
        var exits = replica.Logs.Read(0, int.MaxValue).Where(line => line.IsErrorOutput && line.Text.StartsWith("Process exited with code", StringComparison.Ordinal)).ToList();
        Assert.True(exits.Count >= 3, $"{exits.Count} exits logged");
        Assert.DoesNotContain(exits, line => line.Text.StartsWith("Process exited with code 0;", StringComparison.Ordinal));

        await replica.StopAsync(timeout.Token);
        Assert.Equal(ResourceState.Stopped, replica.State);
    }

    public void Dispose()
    {
        _http.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private sealed class MissingProject(string targetPath) : IProjectMetadata
    {
        public string ProjectPath => Path.ChangeExtension(TargetPath, ".csproj");

        public string TargetPath { get; } = targetPath;
    }
}
