using Microsoft.Extensions.Configuration;

namespace AspireChain.AppHost.Hosting;

/// <summary>How the engine itself behaves (section <c>AppHost</c> and <c>Dashboard</c>); tests use free ports and no console.</summary>
public sealed class DistributedApplicationOptions
{
    /// <summary>Where per-resource data folders go; empty means a fresh folder per run under <c>.data/runs</c> next to the AppHost.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Deletes the run's data folder on shutdown (tests).</summary>
    public bool DeleteDataOnExit { get; set; }

    /// <summary>Prints the resource table and every resource's console output.</summary>
    public bool ShowConsole { get; set; } = true;

    /// <summary>ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT given to every project.</summary>
    public string Environment { get; set; } = "Development";

    /// <summary>How often <c>/health</c> is polled.</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>First delay before restarting a crashed process; doubles per consecutive crash.</summary>
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the restart back-off.</summary>
    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a process must stay up for its crash streak (and back-off) to reset.</summary>
    public TimeSpan StableUptime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stopping process gets after SIGTERM before SIGKILL.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Serves the dashboard (UI + OTLP receiver).</summary>
    public bool DashboardEnabled { get; set; } = true;

    /// <summary>Dashboard UI port; 0 picks a free one.</summary>
    public int DashboardUiPort { get; set; } = 18888;

    /// <summary>OTLP/gRPC receiver port; 0 picks a free one.</summary>
    public int DashboardOtlpGrpcPort { get; set; } = 18889;

    /// <summary>OTLP/HTTP receiver port; 0 picks a free one.</summary>
    public int DashboardOtlpHttpPort { get; set; } = 18890;

    internal static DistributedApplicationOptions From(IConfiguration configuration)
    {
        var options = new DistributedApplicationOptions();
        configuration.GetSection("AppHost").Bind(options);
        var dashboard = configuration.GetSection("Dashboard");
        options.DashboardEnabled = dashboard.GetValue("Enabled", options.DashboardEnabled);
        options.DashboardUiPort = dashboard.GetValue("UiPort", options.DashboardUiPort);
        options.DashboardOtlpGrpcPort = dashboard.GetValue("OtlpGrpcPort", options.DashboardOtlpGrpcPort);
        options.DashboardOtlpHttpPort = dashboard.GetValue("OtlpHttpPort", options.DashboardOtlpHttpPort);
        return options;
    }
}
