using AspireChain.AppHost.Dashboard.Resources;

namespace AspireChain.AppHost.Hosting.Orchestration;

/// <summary>All resource instances of one application: what the dashboard reads and where commands and waits are resolved.</summary>
internal sealed class ResourceOrchestrator(StateChangeSignal changes) : IResourceSource
{
    private readonly List<ResourceRuntime> _runtimes = [];
    private readonly Lock _gate = new();

    public StateChangeSignal Changes { get; } = changes;

    public IReadOnlyList<ResourceRuntime> Runtimes
    {
        get { lock (_gate) { return [.. _runtimes]; } }
    }

    public void Add(ResourceRuntime runtime, bool first = false)
    {
        lock (_gate)
        {
            _runtimes.Insert(first ? 0 : _runtimes.Count, runtime);
        }

        Changes.Pulse();
    }

    /// <summary>The instances a name stands for: one instance by its own name, or every replica by the declared name.</summary>
    public IReadOnlyList<ResourceRuntime> Resolve(string name)
    {
        var runtimes = Runtimes;
        var exact = runtimes.Where(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return exact.Count > 0 ? exact : runtimes.Where(r => string.Equals(r.ReplicaSet, name, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    public IReadOnlyList<ResourceSnapshot> GetResources() => Runtimes.Select(r => r.Snapshot()).ToList();

    public IReadOnlyList<ConsoleLogLine> GetConsoleLogs(string resourceName, long afterLineNumber, int maxLines) =>
        Runtimes.FirstOrDefault(r => string.Equals(r.Name, resourceName, StringComparison.OrdinalIgnoreCase))?.Logs.Read(afterLineNumber, maxLines) ?? [];

    public async Task<bool> ExecuteCommandAsync(string resourceName, string command, CancellationToken cancellationToken)
    {
        var targets = Resolve(resourceName);
        if (targets.Count == 0)
        {
            return false;
        }

        var results = await Task.WhenAll(targets.Select(t => t.ExecuteCommandAsync(command, cancellationToken))).ConfigureAwait(false);
        return results.All(r => r);
    }
}
