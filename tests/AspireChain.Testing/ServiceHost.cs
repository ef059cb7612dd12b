using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AspireChain.Testing;

/// <summary>One service hosted in-process on Kestrel at a free 127.0.0.1 port, with test configuration layered last.</summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private bool _disposed;

    private ServiceHost(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The running app (its DI container is open to assertions).</summary>
    public WebApplication App { get; }

    /// <summary>Where it listens.</summary>
    public Uri Address { get; }

    /// <summary>A client for it.</summary>
    public HttpClient Client { get; }

    /// <summary>A service from the app's container.</summary>
    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>
    /// Builds with <paramref name="build"/> (a service's <c>Build(args, configure)</c>), overrides configuration, starts it
    /// as Development, as the AppHost runs the services (a host running as anything else refuses the public dev and test keys).
    /// </summary>
    public static Task<ServiceHost> StartAsync(
        Func<string[], Action<WebApplicationBuilder>?, WebApplication> build,
        IReadOnlyDictionary<string, string?> settings) =>
        StartAsync(build, settings, Environments.Development);

    /// <summary>Builds, overrides configuration and starts it in the host environment <paramref name="environment"/> (e.g. Production).</summary>
    public static async Task<ServiceHost> StartAsync(
        Func<string[], Action<WebApplicationBuilder>?, WebApplication> build,
        IReadOnlyDictionary<string, string?> settings,
        string environment)
    {
        var app = build(["--environment", environment], builder =>
        {
            // Port 0: the OS picks a free port, so parallel test classes never collide.
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await app.StartAsync(timeout.Token);
        }
        catch
        {
            // A refused start (the test may expect it) still releases what the app had built.
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServiceHost(app, new Uri(address));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Client.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await App.StopAsync(timeout.Token);
        }
        finally
        {
            await App.DisposeAsync();
        }
    }
}
