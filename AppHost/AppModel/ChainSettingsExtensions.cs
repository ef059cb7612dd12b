using System.Globalization;
using AspireChain.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AspireChain.AppHost.AppModel;

/// <summary>Adds the <see cref="ChainSettings"/> of a run and hands them to the services.</summary>
public static class ChainSettingsExtensions
{
    /// <summary>
    /// The run's chain settings: the data directory is <c>DataDirectory</c> when configured (kept, e.g. to resume with an
    /// existing Kafka cluster), else a fresh folder under the temp directory, deleted when the AppHost stops: the
    /// embedded broker is in memory, so a store must never outlive the broker its offsets belong to.
    /// </summary>
    public static ChainSettings AddChainSettings(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.Configuration[ServiceInstance.DataDirectoryKey];
        var keepsData = !string.IsNullOrWhiteSpace(configured);
        var directory = keepsData
            ? Path.GetFullPath(configured!)
            : Path.Combine(Path.GetTempPath(), "aspirechain", string.Create(CultureInfo.InvariantCulture, $"run-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}"));
        var settings = new ChainSettings(builder.Configuration, directory, keepsData);
        if (!keepsData)
        {
            builder.Services.AddHostedService(sp => new RunDataCleanup(settings, sp.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>()));
        }

        return settings;
    }

    /// <summary>Passes the chain settings to a service: the shared sections and its data directory.</summary>
    public static IResourceBuilder<ProjectResource> WithChainSettings(this IResourceBuilder<ProjectResource> builder, ChainSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (name, value) in settings.EnvironmentVariables())
        {
            builder.WithEnvironment(name, value);
        }

        return builder.WithEnvironment(ServiceInstance.DataDirectoryKey, settings.DataDirectory);
    }
}
