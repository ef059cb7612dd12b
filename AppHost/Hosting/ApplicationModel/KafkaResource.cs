namespace AspireChain.AppHost.Hosting;

/// <summary>The Kafka cluster every service talks to: an existing cluster when a connection string is configured, else the embedded broker.</summary>
public sealed class KafkaResource(string name, string? externalConnectionString) : IResource
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <summary>The bootstrap list of an existing cluster (<c>ConnectionStrings:&lt;name&gt;</c>); null runs the embedded broker.</summary>
    public string? ExternalConnectionString { get; } = externalConnectionString;
}
