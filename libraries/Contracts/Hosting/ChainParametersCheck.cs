using AspireChain.Ledger;
using Microsoft.Extensions.Hosting;

namespace AspireChain.Contracts.Hosting;

/// <summary>
/// Takes the <see cref="NetworkParameters"/> when the host starts, so a chain configuration that is unusable or refused
/// (<see cref="PublicDevelopmentKeys"/>) stops the start with its message rather than failing later in a request.
/// </summary>
/// <param name="network">Resolving it is the check.</param>
internal sealed class ChainParametersCheck(NetworkParameters network) : IHostedService
{
    /// <summary>The network checked (kept so the dependency is visibly used).</summary>
    public NetworkParameters Network { get; } = network;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
