using System.Net;
using AspireChain.AppHost.Dashboard.Api;
using AspireChain.AppHost.Dashboard.Otlp;
using AspireChain.AppHost.Dashboard.Resources;
using AspireChain.AppHost.Dashboard.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AspireChain.AppHost.Dashboard;

/// <summary>
/// The AppHost's dashboard: one Kestrel server with three listeners (browser UI + JSON API, OTLP/gRPC, OTLP/HTTP)
/// over an in-memory <see cref="TelemetryStore"/>. The engine starts it and hands its OTLP endpoint to every service.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private DashboardHost(WebApplication app, TelemetryStore telemetry, string uiUrl, string otlpGrpcEndpoint, string otlpHttpEndpoint)
    {
        this.app = app;
        Telemetry = telemetry;
        UiUrl = uiUrl;
        OtlpGrpcEndpoint = otlpGrpcEndpoint;
        OtlpHttpEndpoint = otlpHttpEndpoint;
    }

    /// <summary>Where a browser opens the dashboard, e.g. <c>http://127.0.0.1:18888</c> (no trailing slash).</summary>
    public string UiUrl { get; }

    /// <summary>The OTLP/gRPC endpoint to put in <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (with <c>OTEL_EXPORTER_OTLP_PROTOCOL=grpc</c>).</summary>
    public string OtlpGrpcEndpoint { get; }

    /// <summary>The OTLP/HTTP protobuf base endpoint; exporters append <c>/v1/traces</c>, <c>/v1/logs</c>, <c>/v1/metrics</c>.</summary>
    public string OtlpHttpEndpoint { get; }

    /// <summary>Everything received over OTLP so far.</summary>
    public TelemetryStore Telemetry { get; }

    /// <summary>Starts the dashboard and returns once all three listeners accept connections.</summary>
    public static async Task<DashboardHost> StartAsync(
        DashboardOptions options,
        IResourceSource resources,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(loggerFactory);

        var telemetry = new TelemetryStore(options.MaxSpans, options.MaxLogs, options.MaxMetricPoints);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DashboardHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });

        // Everything the dashboard needs is in DashboardOptions: the AppHost's appsettings.json and ASPNETCORE_* variables
        // (same content root, same process) must not add Kestrel endpoints or settings to it.
        builder.Configuration.Sources.Clear();

        // The AppHost owns logging; the dashboard writes through its factory, minus per-request chatter.
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);

        ListenOptions? ui = null, otlpGrpc = null, otlpHttp = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.UiPort, listen => { listen.Protocols = HttpProtocols.Http1; ui = listen; });
            kestrel.Listen(IPAddress.Loopback, options.OtlpGrpcPort, listen => { listen.Protocols = HttpProtocols.Http2; otlpGrpc = listen; });
            kestrel.Listen(IPAddress.Loopback, options.OtlpHttpPort, listen => { listen.Protocols = HttpProtocols.Http1; otlpHttp = listen; }); // h2c needs prior knowledge; OTLP/HTTP clients speak HTTP/1.1
        });

        // Only loopback names: a DNS-rebinding page cannot reach the API under a name it controls.
        builder.Services.Configure<HostFilteringOptions>(hosts => hosts.AllowedHosts = ["localhost", "127.0.0.1", "[::1]"]);
        builder.Services.AddSingleton(telemetry);
        builder.Services.AddSingleton(resources);
        builder.Services.AddGrpc();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, DashboardJsonContext.Default));

        var app = builder.Build();
        app.UseHostFiltering();
        app.MapOtlpReceivers();
        app.MapDashboardUi();
        app.MapResourcesApi();
        app.MapTracesApi();
        app.MapLogsApi();
        app.MapBlocksApi();
        app.MapMetricsApi();

        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        // Kestrel writes the bound endpoint back into each ListenOptions, which resolves port 0 to the real port.
        return new DashboardHost(app, telemetry, UrlOf(ui), UrlOf(otlpGrpc), UrlOf(otlpHttp));
    }

    /// <summary>Stops all listeners.</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string UrlOf(ListenOptions? listen) =>
        listen?.IPEndPoint is { } endpoint
            ? $"http://{endpoint.Address}:{endpoint.Port}"
            : throw new InvalidOperationException("Kestrel did not report a bound endpoint for the dashboard.");
}
