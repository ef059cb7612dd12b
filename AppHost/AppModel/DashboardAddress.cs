using Microsoft.Extensions.Configuration;

namespace AspireChain.AppHost.AppModel;

/// <summary>
/// The Aspire dashboard's base URL in this run: the first http(s) entry of the AppHost's <c>ASPNETCORE_URLS</c>, where
/// Aspire puts its dashboard (the launch profile's http://localhost:18888); null when none is configured.
/// </summary>
public static class DashboardAddress
{
    /// <summary>The URL, or null when the AppHost's configuration names none (e.g. a test host without a dashboard).</summary>
    public static Uri? Find(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var first = configuration["ASPNETCORE_URLS"]?
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(u => u.StartsWith("http://", StringComparison.Ordinal) || u.StartsWith("https://", StringComparison.Ordinal));
        return Uri.TryCreate(first, UriKind.Absolute, out var url) ? url : null;
    }
}
