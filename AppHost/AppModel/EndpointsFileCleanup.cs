using AspireChain.Client.Profile;
using Microsoft.Extensions.Hosting;

namespace AspireChain.AppHost.AppModel;

/// <summary>Deletes this run's endpoints file when the AppHost stops, unless a later AppHost has written its own since.</summary>
internal sealed class EndpointsFileCleanup(string path, DateTimeOffset started, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(Delete);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Delete()
    {
        if (EndpointsFile.TryRead(path) is not { } file || file.ProcessId != Environment.ProcessId || file.StartedAt != started)
        {
            return; // Not ours (another AppHost's, or never written).
        }

        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Gone already, or held open: the next AppHost overwrites it, and readers ignore a dead process id.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
