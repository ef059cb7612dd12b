using System.Diagnostics;
using AspireChain.AppHost.Dashboard.Resources;

namespace AspireChain.AppHost.Hosting.Orchestration;

/// <summary>
/// Supervises one process of a project resource: waits for its dependencies, launches it, polls its health,
/// restarts it with back-off when it dies, and obeys start/stop/restart/kill commands.
/// </summary>
internal sealed class ProjectReplica : ResourceRuntime
{
    private static readonly ResourceState[] LiveStates = [ResourceState.Starting, ResourceState.Running, ResourceState.Healthy, ResourceState.Unhealthy];

    private readonly ProjectResource _resource;
    private readonly DistributedApplicationOptions _options;
    private readonly Func<ProjectReplica, IReadOnlyDictionary<string, string>> _environmentFactory;
    private readonly Func<bool> _dependenciesReady;
    private readonly HttpClient _healthClient;
    private readonly RestartBackoff _backoff;
    private readonly StateChangeSignal _commands = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _gate = new();
    private Task _supervision = Task.CompletedTask;
    private bool _wantRunning = true;
    private bool _restartRequested;
    private Process? _process;
    private int? _processId;
    private DateTimeOffset? _startedAt;
    private int? _exitCode;
    private int _restartCount;
    private IReadOnlyDictionary<string, string> _environment = new Dictionary<string, string>();

    public ProjectReplica(
        ProjectResource resource,
        int index,
        int port,
        string dataDirectory,
        DistributedApplicationOptions options,
        Func<ProjectReplica, IReadOnlyDictionary<string, string>> environmentFactory,
        Func<bool> dependenciesReady,
        HttpClient healthClient,
        StateChangeSignal changes)
        : base(resource.ReplicaName(index), "Project", resource.Replicas > 1 ? resource.Name : null, changes)
    {
        _resource = resource;
        Index = index;
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        DataDirectory = dataDirectory;
        _options = options;
        _environmentFactory = environmentFactory;
        _dependenciesReady = dependenciesReady;
        _healthClient = healthClient;
        _backoff = new RestartBackoff(options.RestartDelay, options.MaxRestartDelay, options.StableUptime);
    }

    public ProjectResource Resource => _resource;

    public int Index { get; }

    /// <summary>The one HTTP endpoint (fixed for the life of the application, so references stay valid across restarts).</summary>
    public Uri Endpoint { get; }

    /// <summary>Working directory of the process: relative paths (databases) land here and survive restarts.</summary>
    public string DataDirectory { get; }

    public int RestartCount
    {
        get { lock (_gate) { return _restartCount; } }
    }

    public override bool IsReady => _resource.HealthCheckPath is null ? State is ResourceState.Running : State is ResourceState.Healthy;

    public override ResourceSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new ResourceSnapshot(Name, ResourceType, ReplicaSet, State.ToString(), _restartCount, _processId, _startedAt, _exitCode, [Endpoint.ToString().TrimEnd('/')], _environment);
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _supervision = Task.Run(() => SuperviseAsync(_shutdown.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        await _supervision.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task<bool> ExecuteCommandAsync(string command, CancellationToken cancellationToken)
    {
        switch (command.ToLowerInvariant())
        {
            case "start":
                lock (_gate) { _wantRunning = true; }
                _commands.Pulse();
                await Changes.WaitUntilAsync(() => State is not ResourceState.Stopped, cancellationToken).ConfigureAwait(false);
                return true;
            case "stop":
                lock (_gate) { _wantRunning = false; }
                _commands.Pulse();
                await Changes.WaitUntilAsync(() => State is ResourceState.Stopped, cancellationToken).ConfigureAwait(false);
                return true;
            case "restart":
                int before;
                lock (_gate) { _wantRunning = true; _restartRequested = true; before = _restartCount; }
                _commands.Pulse();
                await Changes.WaitUntilAsync(() => RestartCount > before, cancellationToken).ConfigureAwait(false);
                return true;
            case "kill":
                // A crash on purpose: the supervisor must notice and restart it with back-off.
                Process? process;
                lock (_gate) { process = _process; }
                if (process is null)
                {
                    return false;
                }

                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }

                return true;
            default:
                return false;
        }
    }

    private async Task SuperviseAsync(CancellationToken shutdown)
    {
        try
        {
            SetState(ResourceState.Waiting);
            while (!shutdown.IsCancellationRequested)
            {
                var command = _commands.Next;
                var otherResourceChanged = Changes.Next;
                bool wantRunning;
                lock (_gate) { wantRunning = _wantRunning; _restartRequested = false; }
                if (!wantRunning)
                {
                    SetState(ResourceState.Stopped);
                    await command.WaitAsync(shutdown).ConfigureAwait(false);
                    continue;
                }

                // WaitFor: every launch (first or relaunch) waits until its dependencies are ready; a stop still gets through.
                if (!_dependenciesReady())
                {
                    SetState(ResourceState.Waiting);
                    await Task.WhenAny(command, otherResourceChanged).WaitAsync(shutdown).ConfigureAwait(false);
                    continue;
                }

                await RunOnceAsync(shutdown).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // Application shutdown.
        }
        catch (Exception e)
        {
            // A supervisor must never die silently: show why on the resource itself.
            Logs.Append($"Supervision failed: {e}", isErrorOutput: true);
            SetState(ResourceState.FailedToStart);
            return;
        }

        SetState(ResourceState.Stopped);
    }

    /// <summary>One process lifetime: launch, watch, then either terminate on request or back off after a crash.</summary>
    private async Task RunOnceAsync(CancellationToken shutdown)
    {
        var environment = _environmentFactory(this);
        Process process;
        try
        {
            Directory.CreateDirectory(DataDirectory);
            process = await ChildProcessLauncher.Shared.StartAsync(
                ChildProcessLauncher.DotnetHostPath, [_resource.Project.TargetPath], DataDirectory, environment, Logs.Append).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            Logs.Append($"Failed to start {_resource.Project.TargetPath}: {e.Message}", isErrorOutput: true);
            SetState(ResourceState.FailedToStart);
            await BackOffAsync(TimeSpan.Zero, shutdown).ConfigureAwait(false);
            return;
        }

        using (process)
        {
            var launchedAt = DateTimeOffset.UtcNow;
            lock (_gate)
            {
                _process = process;
                _processId = process.Id;
                _startedAt = launchedAt;
                _exitCode = null;
                _environment = environment;
            }

            SetState(_resource.HealthCheckPath is null ? ResourceState.Running : ResourceState.Starting);
            var exited = process.WaitForExitAsync(CancellationToken.None);
            using var run = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
            var health = _resource.HealthCheckPath is { } path ? PollHealthAsync(new Uri(Endpoint, path), run.Token) : Task.CompletedTask;

            var stopRequested = false;
            while (!exited.IsCompleted)
            {
                var command = _commands.Next;
                lock (_gate) { stopRequested = !_wantRunning || _restartRequested; }
                if (stopRequested || shutdown.IsCancellationRequested)
                {
                    break;
                }

                await Task.WhenAny(exited, command, Task.Delay(Timeout.Infinite, shutdown)).ConfigureAwait(false);
            }

            await run.CancelAsync().ConfigureAwait(false);
            await health.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            if (!exited.IsCompleted)
            {
                await TerminateAsync(process, exited).ConfigureAwait(false);
            }

            lock (_gate)
            {
                _process = null;
                _processId = null;
                _exitCode = process.HasExited ? process.ExitCode : null;
            }

            if (stopRequested || shutdown.IsCancellationRequested)
            {
                bool restart;
                lock (_gate) { restart = _restartRequested && _wantRunning; }
                if (restart)
                {
                    // An operator restart: relaunch at once and forget any crash streak.
                    _backoff.Reset();
                    SetState(ResourceState.Restarting);
                    lock (_gate) { _restartCount++; }
                    Changes.Pulse();
                }
                else
                {
                    SetState(ResourceState.Stopped);
                }

                return;
            }

            SetState(ResourceState.Exited);
            Logs.Append($"Process exited with code {process.ExitCode}; restarting.", isErrorOutput: true);
            await BackOffAsync(DateTimeOffset.UtcNow - launchedAt, shutdown).ConfigureAwait(false);
        }
    }

    private async Task BackOffAsync(TimeSpan uptime, CancellationToken shutdown)
    {
        var delay = _backoff.NextDelay(uptime);
        SetState(ResourceState.Restarting);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var command = _commands.Next;
        var delayTask = Task.Delay(delay, wait.Token);
        await Task.WhenAny(delayTask, command).ConfigureAwait(false);
        await wait.CancelAsync().ConfigureAwait(false);
        shutdown.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_wantRunning)
            {
                return;
            }

            _restartCount++;
        }

        Changes.Pulse();
    }

    private async Task TerminateAsync(Process process, Task exited)
    {
        if (PosixSignals.TryTerminate(process.Id))
        {
            if (await Task.WhenAny(exited, Task.Delay(_options.ShutdownTimeout)).ConfigureAwait(false) == exited)
            {
                return;
            }

            Logs.Append($"No exit {_options.ShutdownTimeout.TotalSeconds:0}s after SIGTERM; killing.", isErrorOutput: true);
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }

        await exited.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task PollHealthAsync(Uri url, CancellationToken cancellationToken)
    {
        // Probe quickly until the first success so dependents start promptly, then at the configured pace.
        var interval = TimeSpan.FromMilliseconds(200);
        while (!cancellationToken.IsCancellationRequested)
        {
            bool healthy;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                using var response = await _healthClient.GetAsync(url, timeout.Token).ConfigureAwait(false);
                healthy = response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                healthy = false;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (healthy)
            {
                TrySetState(ResourceState.Healthy, LiveStates.Contains);
                interval = _options.HealthCheckInterval;
            }
            else
            {
                // Never healthy yet stays Starting; healthy once and now failing is Unhealthy.
                TrySetState(ResourceState.Unhealthy, state => state is ResourceState.Healthy);
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
