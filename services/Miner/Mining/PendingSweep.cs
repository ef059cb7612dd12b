using AspireChain.Following;
using AspireChain.Miner.Options;
using AspireChain.Miner.Producers;
using AspireChain.Miner.State;
using Microsoft.Extensions.Options;

namespace AspireChain.Miner.Mining;

/// <summary>
/// Every <see cref="MinerOptions.SweepInterval"/>, asks the <see cref="MinerState"/> to settle what waits in the pool
/// (<see cref="MinerState.Sweep"/>) and publishes the rejections it decides, so junk does not linger. Rejections are
/// queued, never awaited. Nothing is judged while following <c>blocks</c> is stopped: balances would be stale.
/// </summary>
internal sealed partial class PendingSweep(
    FollowerStatus following,
    MinerState state,
    RejectionOutbox rejections,
    IOptions<MinerOptions> options,
    TimeProvider time,
    ILogger<PendingSweep> logger) : BackgroundService
{
    private readonly MinerOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await following.CaughtUp.WaitAsync(stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(_options.SweepInterval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (following.Halted is null)
                {
                    Sweep();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One pass over the held and the waiting transactions.</summary>
    internal void Sweep()
    {
        var swept = state.Sweep(time.GetUtcNow());
        rejections.Enqueue(swept);
        if (swept.Count > 0)
        {
            LogSwept(logger, swept.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sweep queued {Count} rejection(s)")]
    private static partial void LogSwept(ILogger logger, int count);
}
