namespace AspireChain.AppHost.Hosting;

/// <summary>A .NET project run as one child process per replica, with the Aspire environment contract.</summary>
public sealed class ProjectResource(string name, IProjectMetadata project) : IResource
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <summary>What to run.</summary>
    public IProjectMetadata Project { get; } = project;

    /// <summary>How many processes run this project; each gets its own port, data folder and <c>service.instance.id</c>.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>Resources whose address this project receives (connection string or service discovery keys).</summary>
    public List<IResource> References { get; } = [];

    /// <summary>Resources that must be ready before this project starts.</summary>
    public List<IResource> WaitsFor { get; } = [];

    /// <summary>The HTTP path polled for readiness; null means "running" is as good as it gets.</summary>
    public string? HealthCheckPath { get; set; }

    /// <summary>Extra environment variables, applied after the engine's own so the app model can override them.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>The name of replica <paramref name="index"/>: the resource name itself when there is only one.</summary>
    public string ReplicaName(int index) => Replicas == 1 ? Name : $"{Name}-{index}";
}
