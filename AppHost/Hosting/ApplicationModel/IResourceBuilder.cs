namespace AspireChain.AppHost.Hosting;

/// <summary>A declared resource plus the application builder, so <c>With…</c> calls chain like Aspire's.</summary>
public interface IResourceBuilder<out T> where T : IResource
{
    /// <summary>The resource being configured.</summary>
    T Resource { get; }

    /// <summary>The application the resource belongs to.</summary>
    DistributedApplicationBuilder ApplicationBuilder { get; }
}

internal sealed class ResourceBuilder<T>(T resource, DistributedApplicationBuilder applicationBuilder) : IResourceBuilder<T>
    where T : IResource
{
    public T Resource { get; } = resource;

    public DistributedApplicationBuilder ApplicationBuilder { get; } = applicationBuilder;
}
