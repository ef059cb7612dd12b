using AspireChain.AppHost.Dashboard;
using Microsoft.Extensions.Logging.Abstractions;

namespace AspireChain.AppHost.Tests.Dashboard;

/// <summary>Starts a <see cref="DashboardHost"/> on free ports over an <see cref="InTestResourceSource"/>, with a client for its API.</summary>
internal sealed class DashboardTestHost : IAsyncDisposable
{
    private DashboardTestHost(DashboardHost host, InTestResourceSource resources)
    {
        Host = host;
        Resources = resources;
        Client = new HttpClient { BaseAddress = new Uri(host.UiUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    public DashboardHost Host { get; }

    public InTestResourceSource Resources { get; }

    public HttpClient Client { get; }

    public static async Task<DashboardTestHost> StartAsync(InTestResourceSource? resources = null)
    {
        resources ??= InTestResourceSource.ChainLike();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var host = await DashboardHost.StartAsync(
            new DashboardOptions { UiPort = 0, OtlpGrpcPort = 0, OtlpHttpPort = 0 },
            resources,
            NullLoggerFactory.Instance,
            timeout.Token);
        return new DashboardTestHost(host, resources);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
