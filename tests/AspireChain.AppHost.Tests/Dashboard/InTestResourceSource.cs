using AspireChain.AppHost.Dashboard.Resources;

namespace AspireChain.AppHost.Tests.Dashboard;

/// <summary>
/// A small but real orchestrator model for dashboard tests: resources with states that commands change,
/// and console lines numbered like the engine's. Lets the dashboard be tested without starting processes.
/// </summary>
internal sealed class InTestResourceSource : IResourceSource
{
    private readonly Lock gate = new();
    private readonly List<ResourceSnapshot> resources;
    private readonly Dictionary<string, List<ConsoleLogLine>> logs = new(StringComparer.Ordinal);

    public InTestResourceSource(params ResourceSnapshot[] resources)
    {
        this.resources = [.. resources];
        foreach (var resource in resources)
        {
            logs[resource.Name] = [];
        }
    }

    /// <summary>The resource set the AppHost declares: broker, ingest, three miners, validator, chainquery.</summary>
    public static InTestResourceSource ChainLike()
    {
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);
        ResourceSnapshot Project(string name, string? replicaSet, string state, int pid, int port) =>
            new(name, "Project", replicaSet, state, 0, pid, started, null, [$"http://127.0.0.1:{port}"],
                new Dictionary<string, string> { ["OTEL_SERVICE_NAME"] = replicaSet ?? name, ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={name}" });

        var source = new InTestResourceSource(
            new ResourceSnapshot("kafka", "Kafka", null, "Running", 0, null, started, null, ["127.0.0.1:39092"], new Dictionary<string, string>()),
            Project("ingest", null, "Healthy", 4101, 5101),
            Project("miner-0", "miner", "Running", 4102, 5102),
            Project("miner-1", "miner", "Running", 4103, 5103),
            Project("miner-2", "miner", "Restarting", 4104, 5104),
            Project("validator", null, "Running", 4105, 5105),
            Project("chainquery", null, "Healthy", 4106, 5106));
        foreach (var name in source.logs.Keys)
        {
            source.Write(name, $"info: {name} started", isError: false);
        }

        return source;
    }

    public IReadOnlyList<ResourceSnapshot> GetResources()
    {
        lock (gate)
        {
            return [.. resources];
        }
    }

    public IReadOnlyList<ConsoleLogLine> GetConsoleLogs(string resourceName, long afterLineNumber, int maxLines)
    {
        lock (gate)
        {
            return logs.TryGetValue(resourceName, out var lines)
                ? [.. lines.Where(line => line.LineNumber > afterLineNumber).Take(maxLines)]
                : [];
        }
    }

    public Task<bool> ExecuteCommandAsync(string resourceName, string command, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var index = resources.FindIndex(resource => resource.Name == resourceName);
            if (index < 0)
            {
                return Task.FromResult(false);
            }

            var resource = resources[index];
            resources[index] = command switch
            {
                "stop" => resource with { State = "Stopped", ProcessId = null, ExitCode = 0 },
                "start" => resource with { State = "Running", ProcessId = 9000 + index, ExitCode = null },
                "restart" => resource with { State = "Running", RestartCount = resource.RestartCount + 1, ProcessId = 9100 + index },
                _ => resource,
            };
            if (resources[index] == resource)
            {
                return Task.FromResult(false);
            }
        }

        Write(resourceName, $"{command} requested", isError: false);
        return Task.FromResult(true);
    }

    /// <summary>Appends a console line, numbered after the last one.</summary>
    public void Write(string resourceName, string text, bool isError)
    {
        lock (gate)
        {
            var lines = logs[resourceName];
            lines.Add(new ConsoleLogLine(resourceName, lines.Count + 1, DateTimeOffset.UtcNow, isError, text));
        }
    }
}
