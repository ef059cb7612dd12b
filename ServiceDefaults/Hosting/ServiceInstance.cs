using Microsoft.Extensions.Configuration;

namespace AspireChain.ServiceDefaults;

/// <summary>
/// Who this process is among its service's replicas, and where it keeps its files, read from the orchestrator's
/// environment so every service derives them the same way.
/// </summary>
/// <param name="ServiceName">The service (<c>OTEL_SERVICE_NAME</c>, e.g. <c>miner</c>).</param>
/// <param name="Name">The replica (e.g. <c>miner-x7k2f9qa</c>): the name the AppHost's dashboard shows for it.</param>
/// <param name="DataDirectory">The folder of this replica's stores.</param>
public sealed record ServiceInstance(string ServiceName, string Name, string DataDirectory)
{
    /// <summary>Configuration key of the folder under which every replica keeps its own folder (the AppHost sets it per run).</summary>
    public const string DataDirectoryKey = "DataDirectory";

    private const string InstanceIdAttribute = "service.instance.id";

    /// <summary>
    /// The instance described by <paramref name="configuration"/>: <paramref name="configuredName"/> when set, else
    /// <c>OTEL_SERVICE_NAME</c> joined with <c>service.instance.id</c> from <c>OTEL_RESOURCE_ATTRIBUTES</c> (Aspire gives a
    /// replica the id <c>x7k2f9qa</c> and names it <c>miner-x7k2f9qa</c>), else the service name. Its data directory is
    /// <c>DataDirectory/&lt;name&gt;</c>, by default under the temp folder: never inside the source tree.
    /// </summary>
    public static ServiceInstance From(IConfiguration configuration, string defaultServiceName, string? configuredName = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var service = NonEmpty(configuration["OTEL_SERVICE_NAME"]) ?? defaultServiceName;
        var name = NonEmpty(configuredName) ?? ReplicaName(service, ResourceAttribute(configuration["OTEL_RESOURCE_ATTRIBUTES"], InstanceIdAttribute));
        var root = NonEmpty(configuration[DataDirectoryKey]) ?? Path.Combine(Path.GetTempPath(), "aspirechain");
        return new ServiceInstance(service, name, Path.Combine(Path.GetFullPath(root), name));
    }

    /// <summary>The path of <paramref name="fileName"/> in this instance's data directory (created if missing).</summary>
    public string FilePath(string fileName)
    {
        Directory.CreateDirectory(DataDirectory);
        return Path.Combine(DataDirectory, fileName);
    }

    private static string ReplicaName(string service, string? instanceId) => instanceId switch
    {
        null => service,
        _ when instanceId.StartsWith(service, StringComparison.Ordinal) => instanceId,
        _ => $"{service}-{instanceId}",
    };

    /// <summary>One attribute of an <c>OTEL_RESOURCE_ATTRIBUTES</c> list (<c>key=value,key=value</c>).</summary>
    private static string? ResourceAttribute(string? attributes, string key)
    {
        foreach (var pair in (attributes ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0] == key && parts[1].Length > 0)
            {
                return parts[1];
            }
        }

        return null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
