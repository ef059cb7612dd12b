using AspireChain.AppHost.Dashboard.Resources;

namespace AspireChain.AppHost.Hosting.Orchestration;

/// <summary>One running instance of a resource (the broker, a project replica, the dashboard): state, console, commands.</summary>
internal abstract class ResourceRuntime(string name, string resourceType, string? replicaSet, StateChangeSignal changes)
{
    private readonly Lock _gate = new();
    private ResourceState _state = ResourceState.Waiting;

    public string Name { get; } = name;

    public string ResourceType { get; } = resourceType;

    /// <summary>The declared resource name when this is one of several replicas, else null.</summary>
    public string? ReplicaSet { get; } = replicaSet;

    public ConsoleLogBuffer Logs { get; } = new(name);

    public ResourceState State
    {
        get { lock (_gate) { return _state; } }
    }

    /// <summary>Ready for dependents: healthy, or merely running when there is nothing to probe.</summary>
    public virtual bool IsReady => State is ResourceState.Healthy or ResourceState.Running;

    protected StateChangeSignal Changes { get; } = changes;

    public abstract ResourceSnapshot Snapshot();

    /// <summary>Begins bringing the resource up; returns once supervision has started, not once it is ready.</summary>
    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Brings the resource down for good (application shutdown).</summary>
    public abstract Task StopAsync(CancellationToken cancellationToken);

    /// <summary>Runs "start" | "stop" | "restart" | "kill"; false when the command does not apply.</summary>
    public virtual Task<bool> ExecuteCommandAsync(string command, CancellationToken cancellationToken) => Task.FromResult(false);

    protected void SetState(ResourceState state)
    {
        lock (_gate)
        {
            if (_state == state)
            {
                return;
            }

            _state = state;
        }

        Changes.Pulse();
    }

    /// <summary>Changes the state only while <paramref name="guard"/> holds for the current one (health probes racing an exit).</summary>
    protected bool TrySetState(ResourceState state, Func<ResourceState, bool> guard)
    {
        lock (_gate)
        {
            if (_state == state || !guard(_state))
            {
                return false;
            }

            _state = state;
        }

        Changes.Pulse();
        return true;
    }
}
