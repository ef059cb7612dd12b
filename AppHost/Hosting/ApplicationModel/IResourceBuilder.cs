namespace AspireChain.AppHost.Hosting;

/// <summary>A declared resource plus the application builder, so <c>With…</c> calls chain like Aspire's.</summary>
public interface IResourceBuilder<out T> where T : IResource
{
    /// <summary>The resource being configured.</summary>
    T Resource { get; }

    /// <summary>The application the resource belongs to.</summary>
    DistributedApplicationBuilder ApplicationBuilder { get; }
}
