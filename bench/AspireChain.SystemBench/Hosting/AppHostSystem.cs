using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace AspireChain.SystemBench.Hosting;

/// <summary>
/// The whole system started from the AppHost's own model through Aspire.Hosting.Testing (random ports, no dashboard,
/// no telemetry export), with extra settings: AppHost configuration (<c>Miners</c>, <c>Chain:*</c>) and per-resource
/// environment variables (e.g. the miner's <c>Miner__MaxBlockTransactions</c>). Disposing it stops every process and
/// deletes the run's data.
/// </summary>
public sealed class AppHostSystem : ISystemUnderTest
{
    /// <summary>Thread names of librdkafka's threads; the embedded broker runs them inside the AppHost, which is this process.</summary>
    public const string KafkaThreadPrefix = "rdk:";

    private static readonly string[] ChainServices = ["ingest", "miner", "validator", "chainquery"];
    private const string DataDirectoryVariable = "DataDirectory";
    private readonly DistributedApplication _app;
    private readonly ConcurrentDictionary<string, ResourceEvent> _resources;
    private readonly CancellationTokenSource _stopWatching;

    private AppHostSystem(DistributedApplication app, ConcurrentDictionary<string, ResourceEvent> resources, CancellationTokenSource stopWatching, int miners, string description)
    {
        _app = app;
        _resources = resources;
        _stopWatching = stopWatching;
        Miners = miners;
        Description = description;
        Ingest = app.GetEndpoint("ingest", "http");
        ChainQuery = app.GetEndpoint("chainquery", "http");
    }

    /// <inheritdoc />
    public Uri Ingest { get; }

    /// <inheritdoc />
    public Uri ChainQuery { get; }

    /// <inheritdoc />
    public int? Miners { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    /// <remarks>The AppHost hands every service the run's folder as <c>DataDirectory</c>; the bench reads it from a resource's environment.</remarks>
    public string? DataDirectory => _resources.Values.Where(IsChainServiceInstance)
        .Select(e => e.Snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == DataDirectoryVariable)?.Value)
        .FirstOrDefault(v => !string.IsNullOrEmpty(v));

    /// <summary>
    /// Builds and starts the AppHost with <paramref name="configuration"/> (key=value, as the AppHost's own command line
    /// takes them) and <paramref name="environment"/> (resource → variables), then waits until every chain service is healthy.
    /// </summary>
    public static async Task<AppHostSystem> StartAsync(
        IReadOnlyList<KeyValuePair<string, string>> configuration,
        IReadOnlyList<(string Resource, string Name, string Value)> environment,
        string? logDirectory,
        TimeSpan startTimeout,
        CancellationToken cancellationToken)
    {
        var args = configuration.Select(c => $"--{c.Key}={c.Value}").ToArray();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>(
            args, (options, _) => options.DisableDashboard = true, cancellationToken);
        // Only the bench's own output on the console; the services' consoles stay in Aspire's resource logs.
        builder.Configuration["Logging:LogLevel:Default"] = nameof(LogLevel.Warning);
        builder.Configuration["Logging:LogLevel:Microsoft"] = nameof(LogLevel.Error);
        builder.Configuration["Logging:LogLevel:Aspire"] = nameof(LogLevel.Error);
        builder.Configuration["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = nameof(LogLevel.Critical);
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            // No dashboard to receive telemetry: without this, every service would serialise its spans and metrics for
            // an OTLP endpoint nobody listens on and keep retrying them (`--env` can still set one).
            project.Annotations.Add(new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT")));
        }

        foreach (var group in environment.GroupBy(e => e.Resource, StringComparer.Ordinal))
        {
            var resource = builder.Resources.OfType<ProjectResource>().SingleOrDefault(r => r.Name == group.Key)
                ?? throw new ArgumentException($"The AppHost has no project resource '{group.Key}' (it has {string.Join(", ", builder.Resources.OfType<ProjectResource>().Select(r => r.Name))}).");
            var variables = group.ToList();
            resource.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            {
                foreach (var (_, name, value) in variables)
                {
                    context.EnvironmentVariables[name] = value;
                }
            }));
        }

        var miners = builder.Configuration.GetValue("Miners", 3);
        var app = await builder.BuildAsync(cancellationToken);
        var resources = new ConcurrentDictionary<string, ResourceEvent>(StringComparer.Ordinal);
        var stopWatching = new CancellationTokenSource();
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var update in notifications.WatchAsync(stopWatching.Token))
                {
                    if (resources.TryAdd(update.ResourceId, update) && logDirectory is not null && IsChainServiceInstance(update))
                    {
                        _ = Task.Run(() => SaveConsoleAsync(logs, update.ResourceId, logDirectory, stopWatching.Token), CancellationToken.None);
                    }

                    resources[update.ResourceId] = update;
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped with the system.
            }
        }, CancellationToken.None);

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(startTimeout);
            await app.StartAsync(timeout.Token);
            await WaitForHealthyAsync(resources, miners, timeout.Token);
        }
        catch
        {
            await stopWatching.CancelAsync();
            await app.DisposeAsync();
            stopWatching.Dispose();
            throw;
        }

        var settings = configuration.Select(c => $"{c.Key}={c.Value}").Concat(environment.Select(e => $"{e.Resource}:{e.Name}={e.Value}"));
        return new AppHostSystem(app, resources, stopWatching, miners,
            $"AppHost started by the bench ({miners} miners{(configuration.Count + environment.Count > 0 ? "; " + string.Join(", ", settings) : "")})");
    }

    /// <inheritdoc />
    public IReadOnlyList<ServiceProcess> Processes()
    {
        var found = new List<ServiceProcess>();
        foreach (var instance in _resources.Values.Where(IsChainServiceInstance).OrderBy(e => e.ResourceId, StringComparer.Ordinal))
        {
            if (ProcessId(instance.Snapshot) is { } pid)
            {
                found.Add(new ServiceProcess(instance.ResourceId, instance.Resource.Name, pid));
            }
        }

        var self = Environment.ProcessId;
        found.Add(new ServiceProcess("kafka", "kafka", self, IncludeDescendants: false, ThreadPrefix: KafkaThreadPrefix));
        found.Add(new ServiceProcess("bench", "bench", self, IncludeDescendants: false, ExcludeThreadPrefix: KafkaThreadPrefix));
        return found;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopWatching.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopWatching.Dispose();
    }

    /// <summary>Appends one instance's console (from its first line) to <c>{directory}/{instance}.log</c> until the system stops.</summary>
    private static async Task SaveConsoleAsync(ResourceLoggerService logs, string instance, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await using var file = new StreamWriter(Path.Combine(directory, instance + ".log"), append: true);
        try
        {
            await foreach (var batch in logs.WatchAsync(instance).WithCancellation(cancellationToken))
            {
                foreach (var line in batch)
                {
                    await file.WriteLineAsync(line.Content);
                }

                await file.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The system stopped.
        }
    }

    private static bool IsChainServiceInstance(ResourceEvent e) =>
        ChainServices.Contains(e.Resource.Name) && e.Snapshot.ResourceType == "Project" && !e.Snapshot.IsHidden;

    private static int? ProcessId(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value switch
        {
            int pid => pid,
            long pid => (int)pid,
            string text when int.TryParse(text, out var pid) => pid,
            _ => null,
        };

    // Aspire checks a replicated resource through the proxy that spreads over its replicas, so its "healthy" can be
    // another replica's answer: every instance's own /health must answer too (a miner says healthy only once the
    // miners' group has given it partitions, so the load never starts into a rebalance).
    private static async Task WaitForHealthyAsync(ConcurrentDictionary<string, ResourceEvent> resources, int miners, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            var instances = resources.Values.Where(IsChainServiceInstance).ToList();
            var failed = instances.FirstOrDefault(e => e.Snapshot.State?.Text is { } state
                && (state == KnownResourceStates.FailedToStart || KnownResourceStates.TerminalStates.Contains(state)));
            if (failed is not null)
            {
                throw new InvalidOperationException($"{failed.ResourceId} is {failed.Snapshot.State?.Text} before the bench started.");
            }

            var healthy = instances.Count(e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == HealthStatus.Healthy);
            // ingest, chainquery, at least one validator and every miner replica.
            if (healthy == instances.Count && instances.Count >= 3 + miners
                && (await Task.WhenAll(instances.Select(i => AnswersHealthyAsync(http, i, cancellationToken)))).All(ok => ok))
            {
                return;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static async Task<bool> AnswersHealthyAsync(HttpClient http, ResourceEvent instance, CancellationToken cancellationToken)
    {
        var urls = instance.Snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value;
        if (urls is null)
        {
            return false;
        }

        try
        {
            using var response = await http.GetAsync(new Uri(new Uri(urls.Split(';')[0]), "/health"), cancellationToken);
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
}
