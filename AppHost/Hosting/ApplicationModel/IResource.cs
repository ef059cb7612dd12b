namespace AspireChain.AppHost.Hosting;

/// <summary>Anything the app model declares by name: the broker, a project, later perhaps a container.</summary>
public interface IResource
{
    /// <summary>The resource name (DNS-like, lower case); replicas append "-0", "-1", ….</summary>
    string Name { get; }
}
