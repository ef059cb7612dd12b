using Microsoft.Extensions.Hosting;

namespace AspireChain.AppHost.AppModel;

/// <summary>Deletes a run's data directory once the AppHost has stopped every service (nothing writes to it any more).</summary>
internal sealed class RunDataCleanup(ChainSettings settings, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopped.Register(Delete);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Delete()
    {
        try
        {
            Directory.Delete(settings.DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was written.
        }
        catch (IOException)
        {
            // A process that outlived the AppHost still holds a file: leave the folder to the temp cleaner.
        }
    }
}
