using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every AspireChain service shares, as in the Aspire service-defaults template: OpenTelemetry, health checks,
/// service discovery, HTTP resilience and the Kafka clients.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Every activity source and meter of the services starts with <c>aspirechain.</c>: OpenTelemetry subscribes to them all by this wildcard.</summary>
    public const string TelemetryPrefix = "aspirechain.*";

    /// <summary>Liveness endpoint: the process responds.</summary>
    public const string AlivePath = "/alive";

    /// <summary>Readiness endpoint: every health check passes (broker reachable, caught up, …).</summary>
    public const string HealthPath = "/health";

    /// <summary>The same checks as <see cref="HealthPath"/>, answered as JSON with each check's status and description (what happened, not only whether).</summary>
    public const string HealthReportPath = "/health/report";

    /// <summary>Adds OpenTelemetry, default health checks, service discovery, resilient HttpClients and Kafka clients.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        builder.AddKafkaClients();
        return builder;
    }

    /// <summary>Logs, metrics and traces with OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TelemetryPrefix))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TelemetryPrefix)
                .AddAspNetCoreInstrumentation(aspnet =>
                    // Probes would drown the traces that matter.
                    aspnet.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthPath) && !context.Request.Path.StartsWithSegments(AlivePath))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>A <c>self</c> check tagged <c>live</c>, so <see cref="AlivePath"/> only asks "is the process responsive".</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>Maps <c>/health</c> (every check must pass), <c>/health/report</c> (the same as JSON) and <c>/alive</c> (only <c>live</c> checks).</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(HealthPath);
        app.MapHealthChecks(HealthReportPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = registration => registration.Tags.Contains("live") });
        return app;
    }
}
