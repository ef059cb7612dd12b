using Microsoft.Extensions.Configuration;

namespace AspireChain.AppHost.Hosting;

/// <summary>The app model's vocabulary: add resources, wire references, waits, health checks and replicas.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>
    /// Adds the Kafka resource: the cluster named by <c>ConnectionStrings:&lt;name&gt;</c> when configured,
    /// otherwise an embedded broker (librdkafka's mock cluster) inside the AppHost process.
    /// </summary>
    public static IResourceBuilder<KafkaResource> AddKafka(this DistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var external = builder.Configuration.GetConnectionString(name);
        return builder.AddResource(new KafkaResource(name, string.IsNullOrWhiteSpace(external) ? null : external));
    }

    /// <summary>Adds a .NET project (a generated <c>Projects.*</c> type) run as a child process.</summary>
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this DistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new ProjectResource(name, new TProject()));
    }

    /// <summary>Gives the project the address of <paramref name="source"/>: <c>ConnectionStrings__kafka</c> or <c>services__name__http__0</c>.</summary>
    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<IResource> source)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(source);
        builder.Resource.References.Add(source.Resource);
        return builder;
    }

    /// <summary>Starts the project only once <paramref name="dependency"/> is ready (healthy when it has a health check, else running).</summary>
    public static IResourceBuilder<ProjectResource> WaitFor(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<IResource> dependency)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dependency);
        builder.Resource.WaitsFor.Add(dependency.Resource);
        return builder;
    }

    /// <summary>Polls <paramref name="path"/> on the project's HTTP endpoint; 2xx means healthy.</summary>
    public static IResourceBuilder<ProjectResource> WithHttpHealthCheck(this IResourceBuilder<ProjectResource> builder, string path = "/health")
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.HealthCheckPath = path;
        return builder;
    }

    /// <summary>Runs <paramref name="replicas"/> processes of the project, named <c>name-0</c> … <c>name-(n-1)</c>.</summary>
    public static IResourceBuilder<ProjectResource> WithReplicas(this IResourceBuilder<ProjectResource> builder, int replicas)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        builder.Resource.Replicas = replicas;
        return builder;
    }

    /// <summary>Sets one environment variable on every replica of the project.</summary>
    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> builder, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.Environment[name] = value;
        return builder;
    }

    /// <summary>
    /// Passes a configuration section of the AppHost on to the project as environment variables
    /// (<c>Chain:Network</c> becomes <c>Chain__Network</c>), so every service sees the same settings.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithConfiguration(this IResourceBuilder<ProjectResource> builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        foreach (var (key, value) in section.AsEnumerable())
        {
            if (value is not null)
            {
                builder.Resource.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }

        return builder;
    }
}
