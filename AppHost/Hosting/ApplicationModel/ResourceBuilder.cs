namespace AspireChain.AppHost.Hosting;

/// <summary>The one implementation of <see cref="IResourceBuilder{T}"/>: a resource paired with its application builder.</summary>
internal sealed class ResourceBuilder<T>(T resource, DistributedApplicationBuilder applicationBuilder) : IResourceBuilder<T>
    where T : IResource
{
    public T Resource { get; } = resource;

    public DistributedApplicationBuilder ApplicationBuilder { get; } = applicationBuilder;
}
