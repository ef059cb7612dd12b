namespace AspireChain.ServiceDefaults;

/// <summary>Options of a service whose replicas each have a name and a store file of their own (resolved by <see cref="InstanceOptionsExtensions.ResolveInstance"/>).</summary>
public interface IInstanceOptions
{
    /// <summary>Replica name; empty: the service name joined with <c>service.instance.id</c> from <c>OTEL_RESOURCE_ATTRIBUTES</c>.</summary>
    string? InstanceId { get; set; }

    /// <summary>The replica's SQLite file; empty: a file in the instance's data directory.</summary>
    string? DataPath { get; set; }
}
