using AspireChain.ChainQuery.Following;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspireChain.ChainQuery.Health;

/// <summary>Reports ChainQuery unready when following <c>blocks</c> stopped at a gap or a lost offset (reported, never skipped).</summary>
public sealed class BlocksFollowHealthCheck(BlocksFollowState state) : IHealthCheck
{
    /// <summary>The name the check is registered under.</summary>
    public const string Name = "blocks-follow";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["startOffset"] = state.StartOffset ?? -1,
            ["firstOffsetRead"] = state.FirstOffsetRead ?? -1,
            ["recordsRead"] = state.RecordsRead,
            ["lag"] = state.Lag ?? -1,
        };
        var result = state.Halted is { } reason
            ? HealthCheckResult.Unhealthy($"Following blocks stopped: {reason}", data: data)
            : state.StartOffset is null
                ? HealthCheckResult.Degraded("Not following blocks yet.", data: data)
                : state.Lag is > 0 and var lag
                    ? HealthCheckResult.Degraded($"Catching up: {lag} block record(s) behind.", data: data)
                    : HealthCheckResult.Healthy("Following blocks, caught up.", data: data);
        return Task.FromResult(result);
    }
}
