namespace AspireChain.AppHost.AppModel;

/// <summary>
/// The HTTP address of one replica: the resource's endpoint is a proxy that spreads requests over the replicas, but a
/// command clicked on a replica must reach that replica, which listens where its <c>ASPNETCORE_URLS</c> says.
/// </summary>
public static class ReplicaEndpoint
{
    /// <summary>The replica's own URL, or null when its snapshot has none (not started).</summary>
    public static Uri? Find(ResourceNotificationService notifications, string replicaName)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        if (!notifications.TryGetCurrentState(replicaName, out var current))
        {
            return null;
        }

        var urls = current.Snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value;
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(u => u.StartsWith("http://", StringComparison.Ordinal));
        return first is null ? null : new Uri(first.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
    }
}
