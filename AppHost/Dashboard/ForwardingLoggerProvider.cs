using Microsoft.Extensions.Logging;

namespace AspireChain.AppHost.Dashboard;

/// <summary>Lets the dashboard's web host log through the AppHost's own logger factory while keeping its own level filters.</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    // The factory belongs to the AppHost, which disposes it.
    public void Dispose()
    {
    }
}
