using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspireChain.Miner.Following;

/// <summary>Readiness: the replica has read <c>blocks</c> to the end once, so it mines on the real tip.</summary>
internal sealed class ChainSyncHealthCheck(FollowedChain chain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            chain.Gap is { } gap ? HealthCheckResult.Unhealthy($"stopped following blocks: {gap}")
            : chain.CaughtUp.IsCompleted ? HealthCheckResult.Healthy($"following blocks at height {chain.Height}")
            : HealthCheckResult.Unhealthy("still reading blocks"));
}
