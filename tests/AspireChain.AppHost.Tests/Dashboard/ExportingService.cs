using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AspireChain.AppHost.Tests.Dashboard;

/// <summary>
/// Plays one service's telemetry side with the real OpenTelemetry .NET SDK and OTLP exporter (as ServiceDefaults
/// configures them), so tests exercise the dashboard's receiver exactly as the services do.
/// </summary>
internal sealed class ExportingService : IDisposable
{
    private readonly ServiceProvider services;
    private readonly TracerProvider tracerProvider;
    private readonly MeterProvider meterProvider;
    private readonly LoggerProvider loggerProvider;

    public ExportingService(string serviceName, string instanceId, string endpoint, OtlpExportProtocol protocol)
    {
        // Unique instrument names: tests run in parallel in one process and must not capture each other's spans.
        var unique = $"AspireChain.Tests.{serviceName}.{Guid.NewGuid():N}";
        Source = new ActivitySource(unique);
        Meter = new Meter(unique);

        void Configure(OtlpExporterOptions options, string signal)
        {
            options.Protocol = protocol;

            // CI runs every test assembly at once on 2 cores: the default 10 s export timeout is too tight there.
            options.TimeoutMilliseconds = 60_000;

            // Set in code, the HTTP exporter uses the URL as given, so the signal path is ours to append.
            options.Endpoint = protocol == OtlpExportProtocol.Grpc ? new Uri(endpoint) : new Uri($"{endpoint}/v1/{signal}");
        }

        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information));
        collection.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: instanceId, autoGenerateServiceInstanceId: false))
            .WithTracing(tracing => tracing.AddSource(Source.Name).AddOtlpExporter(options => Configure(options, "traces")))
            .WithMetrics(metrics => metrics.AddMeter(Meter.Name).AddOtlpExporter(options => Configure(options, "metrics")))
            .WithLogging(
                logging => logging.AddOtlpExporter(options => Configure(options, "logs")),
                options => options.IncludeFormattedMessage = true);
        services = collection.BuildServiceProvider();
        tracerProvider = services.GetRequiredService<TracerProvider>();
        meterProvider = services.GetRequiredService<MeterProvider>();
        loggerProvider = services.GetRequiredService<LoggerProvider>();
        Logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(serviceName);
    }

    public ActivitySource Source { get; }

    public Meter Meter { get; }

    public ILogger Logger { get; }

    /// <summary>Exports everything recorded so far; true when every exporter reported success.</summary>
    public bool Flush() =>
        tracerProvider.ForceFlush(90_000) & meterProvider.ForceFlush(90_000) & loggerProvider.ForceFlush(90_000);

    public void Dispose()
    {
        services.Dispose();
        Source.Dispose();
        Meter.Dispose();
    }
}
