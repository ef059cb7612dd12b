namespace AspireChain.AppHost.AppModel;

/// <summary>Tells ChainQuery's explorer where the dashboard is, so a transfer's page links to the transfer's trace.</summary>
public static class DashboardLinks
{
    /// <summary>The variable ChainQuery reads (configuration key <c>Explorer:DashboardUrl</c>).</summary>
    public const string Variable = "Explorer__DashboardUrl";

    /// <summary>Passes the dashboard's URL to <paramref name="builder"/>'s resource when the AppHost names one.</summary>
    public static IResourceBuilder<ProjectResource> WithDashboardLinks(this IResourceBuilder<ProjectResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.ApplicationBuilder.Configuration;
        return builder.WithEnvironment(context =>
        {
            if (DashboardAddress.Find(configuration) is { } dashboard)
            {
                context.EnvironmentVariables[Variable] = dashboard.ToString();
            }
        });
    }
}
