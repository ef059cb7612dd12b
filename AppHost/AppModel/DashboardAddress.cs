using Microsoft.Extensions.Configuration;

namespace AspireChain.AppHost.AppModel;

/// <summary>The Aspire dashboard's base URL in this run (its first http(s) <c>ASPNETCORE_URLS</c> entry), or null when no dashboard runs.</summary>
public static class DashboardAddress
{
    /// <summary>The dashboard resource's name in Aspire's model (present only when the dashboard runs).</summary>
    public const string ResourceName = "aspire-dashboard";

    /// <summary>The URL, when <paramref name="model"/> has a dashboard and the AppHost's configuration says where it listens.</summary>
    public static Uri? Find(IConfiguration configuration, DistributedApplicationModel model)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(model);
        if (!model.Resources.Any(r => r.Name == ResourceName))
        {
            return null;
        }

        var first = configuration["ASPNETCORE_URLS"]?
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(u => u.StartsWith("http://", StringComparison.Ordinal) || u.StartsWith("https://", StringComparison.Ordinal));
        return Uri.TryCreate(first, UriKind.Absolute, out var url) ? url : null;
    }
}
