using AspireChain.Miner.State;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspireChain.Miner.Health;

/// <summary>
/// Readiness of mining: unhealthy until the miners' consumer group has assigned this miner its <c>transactions</c>
/// partitions, because a transfer on a partition nobody owns yet waits for the group, not for proof of work. A
/// replica that joins a running group waits for the coordinator's rebalance (seconds), and the system is not ready
/// for a first transfer until every miner is in. Following <c>blocks</c> has its own check.
/// </summary>
internal sealed class MinerReadinessHealthCheck(MinerState state) : IHealthCheck
{
    /// <summary>The check's name in <c>/health/report</c>.</summary>
    public const string Name = "miner";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var assignment = state.Assignment;
        var data = new Dictionary<string, object> { ["partitions"] = string.Join(',', assignment ?? []) };
        var result = assignment switch
        {
            null => HealthCheckResult.Unhealthy("joining the miners' group: no transactions partitions assigned yet", data: data),
            [] => HealthCheckResult.Healthy("in the miners' group with no partitions (more miners than transactions partitions)", data),
            _ => HealthCheckResult.Healthy($"mining transactions partitions {string.Join(',', assignment)}", data),
        };
        return Task.FromResult(result);
    }
}
