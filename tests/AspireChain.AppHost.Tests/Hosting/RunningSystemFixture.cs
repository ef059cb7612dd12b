using AspireChain.AppHost.Hosting;
using AspireChain.AppHost.Hosting.Testing;

namespace AspireChain.AppHost.Tests.Hosting;

/// <summary>One running system (the real app model, two miners, a 1 s restart back-off) shared by the supervisor tests.</summary>
public sealed class RunningSystemFixture : IAsyncLifetime
{
    /// <summary>First restart delay; the second consecutive crash waits twice as long.</summary>
    public static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The system has not started.");

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>(
        [
            "--Miners=2",
            "--Chain:Network=test",
            $"--AppHost:RestartDelay={RestartDelay}",
            "--AppHost:StableUptime=00:10:00",
        ]);
        _app = await builder.BuildAsync();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
