using System.Collections.Concurrent;
using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspireChain.Testing.Aspire;

/// <summary>
/// What a test sees of a running AppHost's resources, through Aspire's own services: the latest snapshot of every
/// resource and replica (state, health, process id, environment), their console logs from the first line, and the
/// commands the dashboard offers (start, stop, custom ones).
/// </summary>
public sealed class ResourceMonitor : IAsyncDisposable
{
    private readonly ResourceNotificationService _notifications;
    private readonly ResourceLoggerService _logs;
    private readonly ResourceCommandService _commands;
    private static readonly TimeSpan OwnViewLag = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, ResourceEvent> _current = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConsoleLog> _consoles = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watch;

    private ResourceMonitor(DistributedApplication app)
    {
        _notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        _logs = app.Services.GetRequiredService<ResourceLoggerService>();
        _commands = app.Services.GetRequiredService<ResourceCommandService>();
        _watch = Task.Run(WatchAsync);
    }

    /// <summary>Starts watching (before the app starts, so no log line is missed).</summary>
    public static ResourceMonitor Start(DistributedApplication app) => new(app ?? throw new ArgumentNullException(nameof(app)));

    /// <summary>The names of the running instances of a project resource (its replicas, e.g. <c>miner-x7k2f9qa</c>), sorted.</summary>
    public IReadOnlyList<string> Replicas(string resource) =>
        [.. _current.Values
            .Where(e => e.Resource.Name == resource && e.Snapshot.ResourceType == "Project" && !e.Snapshot.IsHidden)
            .Select(e => e.ResourceId)
            .Order(StringComparer.Ordinal)];

    /// <summary>Every visible instance: replicas of projects and the other resources.</summary>
    public IReadOnlyList<ResourceEvent> All() =>
        [.. _current.Values.Where(e => !e.Snapshot.IsHidden && e.Snapshot.ResourceType != "Executable").OrderBy(e => e.ResourceId, StringComparer.Ordinal)];

    /// <summary>The latest snapshot of an instance (a replica name or a single-instance resource name).</summary>
    public CustomResourceSnapshot Snapshot(string instance) => Find(instance).Snapshot;

    /// <summary>The state text (<c>Running</c>, <c>Exited</c>, …).</summary>
    public string? State(string instance) => Snapshot(instance).State?.Text;

    /// <summary>The process id of a project instance, while it runs.</summary>
    public int? ProcessId(string instance) => ProcessIdOf(Snapshot(instance));

    private static int? ProcessIdOf(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value switch
        {
            int pid => pid,
            long pid => (int)pid,
            string text when int.TryParse(text, out var pid) => pid,
            _ => null,
        };

    /// <summary>
    /// The instance's own HTTP address (the resource's endpoint is a proxy spreading over replicas; this is the one
    /// replica, as its <c>ASPNETCORE_URLS</c> says).
    /// </summary>
    public Uri Endpoint(string instance)
    {
        var urls = Snapshot(instance).EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value
            ?? throw new InvalidOperationException($"{instance} has no ASPNETCORE_URLS.");
        return new Uri(urls.Split(';')[0]);
    }

    /// <summary>An HTTP client for one instance.</summary>
    public HttpClient CreateHttpClient(string instance) => new() { BaseAddress = Endpoint(instance), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The instance's console lines in arrival order, skipping the first <paramref name="skip"/> (a count taken earlier).</summary>
    public IReadOnlyList<LogLine> ConsoleLogs(string instance, int skip = 0) =>
        _consoles.TryGetValue(Find(instance).ResourceId, out var log) ? log.Skip(skip) : [];

    /// <summary>Waits until the instance's snapshot satisfies <paramref name="condition"/>.</summary>
    public Task<CustomResourceSnapshot> WaitForAsync(string instance, Func<CustomResourceSnapshot, bool> condition, CancellationToken cancellationToken) =>
        WaitForAsync(instance, condition, OwnViewLag, cancellationToken);

    // ownViewLimit: how long this monitor's own view may take to show the state too (infinite for a state that stays).
    private async Task<CustomResourceSnapshot> WaitForAsync(
        string instance, Func<CustomResourceSnapshot, bool> condition, TimeSpan ownViewLimit, CancellationToken cancellationToken)
    {
        // Aspire waits by model resource name (e.g. "miner"); the instance is one of its replicas (e.g. "miner-x7k2f9qa").
        var found = await FindAsync(instance, cancellationToken).ConfigureAwait(false);
        var reached = await _notifications.WaitForResourceAsync(found.Resource.Name, e => e.ResourceId == found.ResourceId && condition(e.Snapshot), cancellationToken).ConfigureAwait(false);

        // This monitor's own view (Snapshot, State) is fed by a second subscriber that can lag a moment under load, and a
        // test reads it right after waiting (a broker read as Unhealthy just after WaitForHealthy). Bounded: a passing
        // state may already have gone again by the time the view catches up.
        var started = Stopwatch.GetTimestamp();
        while (TryFind(found.ResourceId) is not { } seen || !condition(seen.Snapshot))
        {
            if (ownViewLimit != Timeout.InfiniteTimeSpan && Stopwatch.GetElapsedTime(started) > ownViewLimit)
            {
                break;
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        return reached.Snapshot;
    }

    /// <summary>Waits until the instance runs and its health checks pass.</summary>
    public Task WaitForHealthyAsync(string instance, CancellationToken cancellationToken) =>
        WaitForAsync(instance, s => s.State?.Text == KnownResourceStates.Running && s.HealthStatus == HealthStatus.Healthy, cancellationToken);

    /// <summary>
    /// Waits until every visible resource instance is running and healthy (those waiting for an explicit start excepted),
    /// each project instance by its own <c>/health</c> too (see <see cref="StartAsync"/>: a replicated resource's health
    /// is whichever replica its proxy reached).
    /// </summary>
    public async Task WaitForAllHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            var pending = All()
                .Where(e => !AwaitsExplicitStart(e))
                .Where(e => e.Snapshot.State?.Text != KnownResourceStates.Running || e.Snapshot.HealthStatus != HealthStatus.Healthy).ToList();
            var failed = pending.FirstOrDefault(e => e.Snapshot.State?.Text is { } state && (state == KnownResourceStates.FailedToStart || KnownResourceStates.TerminalStates.Contains(state)));
            if (failed is not null)
            {
                throw new InvalidOperationException($"{failed.ResourceId} is {failed.Snapshot.State?.Text}: {string.Join(Environment.NewLine, ConsoleLogs(failed.ResourceId).TakeLast(30).Select(l => l.Content))}");
            }

            if (pending.Count == 0 && _current.Count > 0)
            {
                var projects = All()
                    .Where(e => e.Snapshot.ResourceType == "Project" && !AwaitsExplicitStart(e) && e.Snapshot.EnvironmentVariables.Any(v => v.Name == "ASPNETCORE_URLS"))
                    .Select(e => e.ResourceId).ToList();
                if ((await Task.WhenAll(projects.Select(p => AnswersHealthyAsync(http, p, cancellationToken))).ConfigureAwait(false)).All(ok => ok))
                {
                    return;
                }
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True for an instance of a resource started only on request (e.g. the load generator) that nobody started yet.</summary>
    public static bool AwaitsExplicitStart(ResourceEvent resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.Resource.Annotations.OfType<ExplicitStartupAnnotation>().Any()
            && (string.IsNullOrEmpty(resource.Snapshot.State?.Text) || resource.Snapshot.State.Text == KnownResourceStates.NotStarted);
    }

    /// <summary>Runs a resource command (what a click in the dashboard does) and fails the test when it fails.</summary>
    public async Task<ExecuteCommandResult> ExecuteCommandAsync(string instance, string command, CancellationToken cancellationToken)
    {
        var result = await _commands.ExecuteCommandAsync(Find(instance).ResourceId, command, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            throw new InvalidOperationException($"Command {command} on {instance} failed: {result.Message}");
        }

        return result;
    }

    /// <summary>
    /// A crash: SIGKILL to the instance's process tree (no shutdown, no leave-group, no commit), then waits until Aspire
    /// sees it gone. Aspire launches a project through <c>dotnet run</c>, so the service is a child of the recorded process.
    /// </summary>
    public async Task KillAsync(string instance, CancellationToken cancellationToken)
    {
        var pid = ProcessId(instance) ?? throw new InvalidOperationException($"{instance} has no process.");
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill(entireProcessTree: true);
        }

        await WaitUntilEndedAsync(instance, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a stopped or crashed instance and waits until it is healthy: a new process, Aspire's health checks passing,
    /// and the instance's own <c>/health</c> answering. Aspire checks a replicated resource through the proxy that spreads
    /// over its replicas, so "healthy" alone can be another replica's answer while this one is not listening yet.
    /// </summary>
    public async Task StartAsync(string instance, CancellationToken cancellationToken)
    {
        var previous = ProcessId(instance);
        var linesBefore = ConsoleLogs(instance).Count;
        await ExecuteCommandAsync(instance, KnownResourceCommands.StartCommand, cancellationToken).ConfigureAwait(false);
        try
        {
            await WaitForAsync(
                instance,
                s => s.State?.Text == KnownResourceStates.Running && s.HealthStatus == HealthStatus.Healthy && ProcessIdOf(s) is { } pid && pid != previous,
                cancellationToken).ConfigureAwait(false);
            await WaitForOwnHealthAsync(instance, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            // Say what the instance did meanwhile: a start that never gets healthy is otherwise a bare cancellation.
            var snapshot = Snapshot(instance);
            var console = ConsoleLogs(instance, linesBefore).TakeLast(40).Select(l => l.Content);
            throw new TimeoutException(
                $"{instance} started but did not become healthy (state {snapshot.State?.Text}, health {snapshot.HealthStatus}, process {ProcessIdOf(snapshot)}, was {previous}); its console since the start:{Environment.NewLine}{string.Join(Environment.NewLine, console)}",
                e);
        }
    }

    /// <summary>Waits until the instance's own address answers <c>GET /health</c> with a success status.</summary>
    public async Task WaitForOwnHealthAsync(string instance, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (!await AnswersHealthyAsync(http, instance, cancellationToken).ConfigureAwait(false))
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> AnswersHealthyAsync(HttpClient http, string instance, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(Endpoint(instance), "/health"), cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // Not listening yet.
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // This attempt timed out.
        }
    }

    /// <summary>Stops an instance (graceful) and waits until it has.</summary>
    public async Task StopAsync(string instance, CancellationToken cancellationToken)
    {
        await ExecuteCommandAsync(instance, KnownResourceCommands.StopCommand, cancellationToken).ConfigureAwait(false);
        await WaitUntilEndedAsync(instance, cancellationToken).ConfigureAwait(false);
    }

    // Waits for a terminal state in Aspire's notifications and then in this monitor's own view (State, Snapshot), which
    // a second subscriber feeds and which lagged a SIGKILL by a moment under load: a State read after Kill or Stop must
    // see the end. A terminal state stays until the test itself starts the instance again, so polling cannot miss it.
    private Task WaitUntilEndedAsync(string instance, CancellationToken cancellationToken)
    {
        static bool Ended(CustomResourceSnapshot s) => s.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state);
        return WaitForAsync(instance, Ended, Timeout.InfiniteTimeSpan, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _watch.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    /// <summary>The instance's latest event, waiting for its first one (the watch starts with the app).</summary>
    private async Task<ResourceEvent> FindAsync(string instance, CancellationToken cancellationToken)
    {
        while (TryFind(instance) is null)
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return Find(instance);
    }

    private ResourceEvent? TryFind(string instance) =>
        _current.TryGetValue(instance, out var found)
            ? found
            : _current.Values.SingleOrDefault(e => e.Resource.Name == instance && !e.Snapshot.IsHidden && e.Snapshot.ResourceType != "Executable");

    private ResourceEvent Find(string instance) =>
        TryFind(instance) ?? throw new InvalidOperationException($"No resource instance '{instance}' (known: {string.Join(", ", _current.Keys.Order())}).");

    private async Task WatchAsync()
    {
        await foreach (var update in _notifications.WatchAsync(_stop.Token).ConfigureAwait(false))
        {
            _current[update.ResourceId] = update;
            if (_consoles.TryAdd(update.ResourceId, new ConsoleLog()))
            {
                _ = Task.Run(() => _consoles[update.ResourceId].FollowAsync(_logs, update.ResourceId, _stop.Token));
            }
        }
    }

    /// <summary>One instance's console lines, as Aspire's logger service streams them (backlog first).</summary>
    private sealed class ConsoleLog
    {
        private readonly List<LogLine> _lines = [];
        private readonly Lock _gate = new();

        public IReadOnlyList<LogLine> Skip(int count)
        {
            lock (_gate)
            {
                return [.. _lines.Skip(count)];
            }
        }

        public async Task FollowAsync(ResourceLoggerService logs, string instance, CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var batch in logs.WatchAsync(instance).WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    lock (_gate)
                    {
                        _lines.AddRange(batch);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The monitor stopped.
            }
        }
    }
}
