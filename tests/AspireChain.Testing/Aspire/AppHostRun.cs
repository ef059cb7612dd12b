using Aspire.Hosting;
using Aspire.Hosting.Testing;
using AspireChain.Testing.Telemetry;
using Microsoft.Extensions.Logging;

namespace AspireChain.Testing.Aspire;

/// <summary>
/// One AppHost started for tests through Aspire.Hosting.Testing (free ports, the real app model), with a
/// <see cref="ResourceMonitor"/> and, unless Aspire's dashboard is wanted, a <see cref="SpanCollector"/> that receives every
/// service's spans. Disposing it stops every process and deletes the run's data.
/// </summary>
public sealed class AppHostRun : IAsyncDisposable
{
    private AppHostRun(DistributedApplication app, ResourceMonitor resources, SpanCollector? spans)
    {
        App = app;
        Resources = resources;
        Collector = spans;
    }

    /// <summary>The running application.</summary>
    public DistributedApplication App { get; }

    /// <summary>Snapshots, logs and commands of its resources.</summary>
    public ResourceMonitor Resources { get; }

    /// <summary>The spans the services exported, or null when they went to the dashboard.</summary>
    public SpanStore? Spans => Collector?.Spans;

    private SpanCollector? Collector { get; }

    /// <summary>
    /// Builds the AppHost <typeparamref name="TEntryPoint"/> with <paramref name="arguments"/>, lets <paramref name="configure"/>
    /// change the model, starts it and waits until every resource is healthy. With <paramref name="dashboard"/> the
    /// Aspire dashboard runs and receives telemetry (over plain HTTP on free ports); otherwise a test span collector does.
    /// </summary>
    public static async Task<AppHostRun> StartAsync<TEntryPoint>(
        IEnumerable<string> arguments,
        Action<IDistributedApplicationTestingBuilder>? configure,
        bool dashboard,
        CancellationToken cancellationToken)
        where TEntryPoint : class
    {
        var collector = dashboard ? null : await SpanCollector.StartAsync(cancellationToken).ConfigureAwait(false);
        List<string> args = [.. arguments];
        if (collector is not null)
        {
            // Where Aspire sends the services' OTLP export when no dashboard runs.
            args.Add($"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL={collector.Endpoint}");
        }
        else
        {
            args.AddRange([
                $"--ASPNETCORE_URLS=http://127.0.0.1:{FreePort.Next()}",
                $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:{FreePort.Next()}",
                $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{FreePort.Next()}",
                "--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            ]);
        }

        DistributedApplication? app = null;
        ResourceMonitor? monitor = null;
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<TEntryPoint>(
                [.. args],
                (options, _) => options.DisableDashboard = !dashboard,
                cancellationToken).ConfigureAwait(false);
            // The test host's own chatter (HTTP clients, DCP, every resource's console forwarded) would drown test output;
            // console logs stay readable through the ResourceMonitor.
            builder.Configuration["Logging:LogLevel:Default"] = nameof(LogLevel.Warning);
            builder.Configuration["Logging:LogLevel:Microsoft"] = nameof(LogLevel.Warning);
            builder.Configuration["Logging:LogLevel:Aspire"] = nameof(LogLevel.Warning);
            // Health probes of a replica a test has just killed fail on purpose; the monitor reports health itself.
            builder.Configuration["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = nameof(LogLevel.Critical);
            configure?.Invoke(builder);
            app = await builder.BuildAsync(cancellationToken).ConfigureAwait(false);
            monitor = ResourceMonitor.Start(app);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await monitor.WaitForAllHealthyAsync(cancellationToken).ConfigureAwait(false);
            return new AppHostRun(app, monitor, collector);
        }
        catch
        {
            if (monitor is not null)
            {
                await monitor.DisposeAsync().ConfigureAwait(false);
            }

            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            if (collector is not null)
            {
                await collector.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Resources.DisposeAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
        if (Collector is not null)
        {
            await Collector.DisposeAsync().ConfigureAwait(false);
        }
    }
}
