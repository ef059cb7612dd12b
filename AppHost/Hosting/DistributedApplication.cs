using System.Globalization;
using System.Runtime.InteropServices;
using AspireChain.AppHost.Dashboard;
using AspireChain.AppHost.Dashboard.Resources;
using AspireChain.AppHost.Dashboard.Telemetry;
using AspireChain.AppHost.Hosting.Console;
using AspireChain.AppHost.Hosting.Orchestration;
using AspireChain.AppHost.Hosting.Testing;
using AspireChain.EmbeddedKafka;
using AspireChain.ServiceDefaults.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace AspireChain.AppHost.Hosting;

/// <summary>
/// The running system: the broker, every project replica as a supervised child process, and the dashboard.
/// What <c>Program.cs</c> runs and what distributed tests drive (wait, call, stop, kill, restart, inject faults).
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly DistributedApplicationBuilder _builder;
    private readonly ResourceOrchestrator _orchestrator = new(new StateChangeSignal());
    private readonly Dictionary<ProjectResource, IReadOnlyList<ProjectReplica>> _replicas = [];
    private readonly Dictionary<KafkaResource, KafkaRuntime> _kafka = [];
    // No proxy: every endpoint is loopback, and an HTTP_PROXY in the environment must not intercept probes.
    private readonly HttpClient _healthClient = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly ConsoleLogPrinter? _printer;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private DashboardRuntime? _dashboard;
    private bool _started;
    private bool _stopped;

    internal DistributedApplication(DistributedApplicationBuilder builder, DistributedApplicationOptions options)
    {
        _builder = builder;
        Options = options;
        DataDirectory = options.DataDirectory is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Path.GetTempPath(), "aspirechain", string.Create(CultureInfo.InvariantCulture, $"run-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}"));
        _printer = options.ShowConsole ? new ConsoleLogPrinter(System.Console.Out, AnsiConsole.Profile.Capabilities.Ansi) : null;

        var embeddedOptions = new EmbeddedKafkaOptions();
        builder.Configuration.GetSection(EmbeddedKafkaOptions.SectionName).Bind(embeddedOptions);

        // One setting for the topic layout: the key the services' topic catalog reads wins over the broker's own.
        embeddedOptions.TransactionsPartitions = builder.Configuration.GetValue(TopicCatalog.TransactionsPartitionsKey, embeddedOptions.TransactionsPartitions);
        foreach (var resource in builder.Resources)
        {
            switch (resource)
            {
                case KafkaResource kafka:
                    var runtime = new KafkaRuntime(kafka, embeddedOptions, _orchestrator.Changes);
                    _kafka[kafka] = runtime;
                    Track(runtime);
                    break;
                case ProjectResource project:
                    var replicas = Enumerable.Range(0, project.Replicas).Select(i => CreateReplica(project, i)).ToList();
                    _replicas[project] = replicas;
                    replicas.ForEach(Track);
                    break;
            }
        }
    }

    /// <summary>Engine settings in effect (ports, back-off, console, data folder).</summary>
    public DistributedApplicationOptions Options { get; }

    /// <summary>The run's folder; each project replica works in its own sub-folder.</summary>
    public string DataDirectory { get; }

    /// <summary>The AppHost configuration the model was built from.</summary>
    public IConfiguration Configuration => _builder.Configuration;

    /// <summary>The declared resources.</summary>
    public IReadOnlyList<IResource> Resources => _builder.Resources;

    /// <summary>The embedded broker (fault injection) of the first Kafka resource; null for an external cluster or before start.</summary>
    public EmbeddedKafkaBroker? Broker => _kafka.Values.Select(k => k.Broker).FirstOrDefault(b => b is not null);

    /// <summary>Spans, logs and metrics the dashboard received over OTLP; null when the dashboard is disabled or not started.</summary>
    public TelemetryStore? Telemetry => _dashboard?.Host.Telemetry;

    /// <summary>The dashboard page, e.g. <c>http://127.0.0.1:18888</c>.</summary>
    public Uri? DashboardUrl => _dashboard is { } d ? new Uri(d.Host.UiUrl) : null;

    /// <summary>What the dashboard reads: resource snapshots, console logs, commands.</summary>
    public IResourceSource ResourceSource => _orchestrator;

    /// <summary>Creates the builder for the app model in <c>Program.cs</c>.</summary>
    public static DistributedApplicationBuilder CreateBuilder(string[] args) => EntryPointInterception.CreateBuilder(args);

    /// <summary>Starts the dashboard, the brokers and the supervision of every project; returns without waiting for health.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_started)
            {
                return;
            }

            _started = true;
            Directory.CreateDirectory(DataDirectory);
            if (Options.DashboardEnabled)
            {
                var dashboardOptions = new DashboardOptions { UiPort = Options.DashboardUiPort, OtlpGrpcPort = Options.DashboardOtlpGrpcPort, OtlpHttpPort = Options.DashboardOtlpHttpPort };
                var host = await DashboardHost.StartAsync(dashboardOptions, _orchestrator, CreateDashboardLoggerFactory(), cancellationToken).ConfigureAwait(false);
                _dashboard = new DashboardRuntime(host, _orchestrator.Changes);
                _printer?.Register(_dashboard.Name);
                _orchestrator.Add(_dashboard, first: true);
                await _dashboard.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var kafka in _kafka.Values)
            {
                await kafka.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var replica in _replicas.Values.SelectMany(r => r))
            {
                await replica.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_printer is not null)
            {
                StartupTable.Write(AnsiConsole.Console, _orchestrator.GetResources(), _dashboard?.Host.UiUrl, DataDirectory);
                _ = StateChangeReporter.RunAsync(_orchestrator, _printer, _dashboard?.Host.UiUrl, () => _stopped);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops every project (SIGTERM, then SIGKILL after the shutdown timeout), then the brokers and the dashboard.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            await Task.WhenAll(_replicas.Values.SelectMany(r => r).Select(r => r.StopAsync(cancellationToken))).ConfigureAwait(false);
            foreach (var kafka in _kafka.Values)
            {
                await kafka.StopAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_dashboard is not null)
            {
                await _dashboard.StopAsync(cancellationToken).ConfigureAwait(false);
            }

            if (Options.DeleteDataOnExit)
            {
                DeleteDataDirectory();
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Starts, then runs until Ctrl+C or SIGTERM, then stops everything.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // First Ctrl+C/SIGTERM: orderly stop. A second one: die at once (children follow through their parent-death signal).
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = !shutdown.IsCancellationRequested;
            shutdown.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            await StartAsync(shutdown.Token).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await Task.Delay(Timeout.Infinite, shutdown.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _printer?.PrintHost("Stopping every resource…");
        using var stopTimeout = new CancellationTokenSource(Options.ShutdownTimeout + TimeSpan.FromSeconds(10));
        await StopAsync(stopTimeout.Token).ConfigureAwait(false);
        _printer?.PrintHost("Stopped.");
    }

    /// <summary>Blocking <see cref="RunAsync"/> for <c>builder.Build().Run()</c>.</summary>
    public void Run()
    {
        try
        {
            RunAsync().GetAwaiter().GetResult();
        }
        catch (IOException e) when (IsAddressInUse(e))
        {
            // The usual cause is a second AppHost on the default dashboard ports: say so instead of a stack trace.
            System.Console.Error.WriteLine($"{e.Message} Another AppHost may be running; pass --Dashboard:UiPort 0 --Dashboard:OtlpGrpcPort 0 --Dashboard:OtlpHttpPort 0 for free ports.");
            Environment.ExitCode = 1;
        }
    }

    private static bool IsAddressInUse(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Snapshots of every resource instance (the dashboard's resources page).</summary>
    public IReadOnlyList<ResourceSnapshot> GetResources() => _orchestrator.GetResources();

    /// <summary>The snapshot of one instance (e.g. <c>miner-1</c>, <c>validator</c>).</summary>
    public ResourceSnapshot GetResource(string name) =>
        _orchestrator.Runtimes.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))?.Snapshot()
        ?? throw new ArgumentException($"No resource instance named '{name}'.", nameof(name));

    /// <summary>Console output of one instance after line <paramref name="afterLineNumber"/>.</summary>
    public IReadOnlyList<ConsoleLogLine> GetConsoleLogs(string name, long afterLineNumber = 0, int maxLines = int.MaxValue) =>
        _orchestrator.GetConsoleLogs(name, afterLineNumber, maxLines);

    /// <summary>The connection string a reference to <paramref name="name"/> gives (the Kafka bootstrap list).</summary>
    public string? GetConnectionString(string name) =>
        _kafka.FirstOrDefault(k => string.Equals(k.Key.Name, name, StringComparison.OrdinalIgnoreCase)).Value?.ConnectionString;

    /// <summary>The HTTP endpoint of a project instance (a replica name) or of the first replica of a project.</summary>
    public Uri GetEndpoint(string name) =>
        _orchestrator.Resolve(name).OfType<ProjectReplica>().FirstOrDefault()?.Endpoint
        ?? throw new ArgumentException($"No project resource named '{name}'.", nameof(name));

    /// <summary>An HttpClient whose base address is the resource's endpoint.</summary>
    public HttpClient CreateHttpClient(string name) => new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = GetEndpoint(name) };

    /// <summary>Completes when every instance <paramref name="name"/> stands for satisfies <paramref name="predicate"/>.</summary>
    public async Task WaitForResourceAsync(string name, Func<ResourceSnapshot, bool> predicate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        if (_orchestrator.Resolve(name).Count == 0)
        {
            throw new ArgumentException($"No resource named '{name}'.", nameof(name));
        }

        await _orchestrator.Changes.WaitUntilAsync(() => _orchestrator.Resolve(name).All(r => predicate(r.Snapshot())), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes when every instance of <paramref name="name"/> is in <paramref name="state"/>.</summary>
    public Task WaitForResourceAsync(string name, ResourceState state, CancellationToken cancellationToken = default) =>
        WaitForResourceAsync(name, s => s.State == state.ToString(), cancellationToken);

    /// <summary>Completes when every instance of <paramref name="name"/> is ready: healthy, or running when it has no health check.</summary>
    public async Task WaitForResourceHealthyAsync(string name, CancellationToken cancellationToken = default)
    {
        if (_orchestrator.Resolve(name).Count == 0)
        {
            throw new ArgumentException($"No resource named '{name}'.", nameof(name));
        }

        await _orchestrator.Changes.WaitUntilAsync(() => _orchestrator.Resolve(name).All(r => r.IsReady), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As <see cref="WaitForResourceHealthyAsync(string, CancellationToken)"/>, failing after <paramref name="timeout"/> with the resource's state and last log lines.</summary>
    public async Task WaitForResourceHealthyAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await WaitForResourceHealthyAsync(name, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"'{name}' was not healthy within {timeout}.{Environment.NewLine}{Describe(name)}");
        }
    }

    /// <summary>Completes when every resource is ready (each healthy, or running without a health check).</summary>
    public async Task WaitForAllHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        foreach (var resource in Resources)
        {
            await WaitForResourceHealthyAsync(resource.Name, timeout, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops an instance (or every replica); it stays stopped until started.</summary>
    public Task StopResourceAsync(string name, CancellationToken cancellationToken = default) => CommandAsync(name, "stop", cancellationToken);

    /// <summary>Starts a stopped instance (or every replica).</summary>
    public Task StartResourceAsync(string name, CancellationToken cancellationToken = default) => CommandAsync(name, "start", cancellationToken);

    /// <summary>Stops and relaunches an instance at once; its restart count increments.</summary>
    public Task RestartResourceAsync(string name, CancellationToken cancellationToken = default) => CommandAsync(name, "restart", cancellationToken);

    /// <summary>SIGKILLs an instance's process, as a crash would; the supervisor restarts it with back-off.</summary>
    public Task KillResourceAsync(string name, CancellationToken cancellationToken = default) => CommandAsync(name, "kill", cancellationToken);

    /// <summary>Stops everything (bounded) and removes test data.</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(Options.ShutdownTimeout + TimeSpan.FromSeconds(20));
        try
        {
            await StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            _healthClient.Dispose();
            _lifecycle.Dispose();
        }
    }

    private async Task CommandAsync(string name, string command, CancellationToken cancellationToken)
    {
        if (!await _orchestrator.ExecuteCommandAsync(name, command, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Command '{command}' did not apply to '{name}'.{Environment.NewLine}{Describe(name)}");
        }
    }

    /// <summary>The environment the named replica gets at its next launch (the app-model tests read it without starting anything).</summary>
    internal IReadOnlyDictionary<string, string> EnvironmentFor(string replicaName)
    {
        var replica = _orchestrator.Resolve(replicaName).OfType<ProjectReplica>().Single();
        return EnvironmentFor(replica);
    }

    private IReadOnlyDictionary<string, string> EnvironmentFor(ProjectReplica replica) =>
        ProjectEnvironment.For(replica, Options, kafka => _kafka[kafka].ConnectionString, p => _replicas[p], _dashboard?.Host.OtlpGrpcEndpoint);

    private ProjectReplica CreateReplica(ProjectResource project, int index) => new(
        project,
        index,
        // A fixed port when asked (--Ports:ingest 5080, for URLs that survive runs), else a free one.
        _builder.Configuration.GetValue<int?>($"Ports:{project.ReplicaName(index)}") ?? FreePort.Next(),
        Path.Combine(DataDirectory, project.ReplicaName(index)),
        Options,
        EnvironmentFor,
        () => project.WaitsFor.All(d => _orchestrator.Resolve(d.Name).All(r => r.IsReady)),
        _healthClient,
        _orchestrator.Changes);

    private void Track(ResourceRuntime runtime)
    {
        _orchestrator.Add(runtime);
        if (_printer is { } printer)
        {
            printer.Register(runtime.Name);
            runtime.Logs.LineAppended += printer.Print;
        }
    }

    private string Describe(string name) => string.Join(
        Environment.NewLine,
        _orchestrator.Resolve(name).Select(r =>
        {
            var s = r.Snapshot();
            var tail = r.Logs.Read(Math.Max(0, r.Logs.LastLineNumber - 30), 30).Select(l => "    " + l.Text);
            return $"  {s.Name}: {s.State}, restarts {s.RestartCount}, pid {s.ProcessId}, exit {s.ExitCode}{Environment.NewLine}{string.Join(Environment.NewLine, tail)}";
        }));

    private ILoggerFactory CreateDashboardLoggerFactory() =>
        Options.ShowConsole
            ? LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
            : NullLoggerFactory.Instance;

    private void DeleteDataDirectory()
    {
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing written.
        }
        catch (IOException)
        {
            // A straggling file handle; the OS temp cleaner will get it.
        }
    }
}
