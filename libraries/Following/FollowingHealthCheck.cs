using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AspireChain.Following;

/// <summary>
/// Readiness of following <c>blocks</c>: unhealthy when stopped (a missing height, a lost offset, an unusable store) or
/// stalled (behind for <see cref="FollowingOptions.StallAfter"/> without reading anything); degraded while catching up
/// (saying "syncing" after joining from a snapshot) or waiting for a verifiable snapshot;
/// healthy otherwise, saying how many records were refused and the last one, so an attack on the topic shows.
/// </summary>
public sealed class FollowingHealthCheck(FollowerStatus status, FollowedChain chain, IOptions<FollowingOptions> options) : IHealthCheck
{
    /// <summary>The name the check is registered under.</summary>
    public const string Name = "blocks-follow";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var last = status.LastFault;
        var data = new Dictionary<string, object>
        {
            ["height"] = (long)chain.Height,
            ["startOffset"] = status.StartOffset ?? -1,
            ["firstOffsetRead"] = status.FirstOffsetRead ?? -1,
            ["recordsRead"] = status.RecordsRead,
            ["lag"] = status.Lag ?? -1,
            ["faults"] = status.Faults,
            ["joinedFromSnapshot"] = status.JoinedFrom is { } joined ? (long)joined : -1,
        };
        if (last is not null)
        {
            data["lastFault"] = $"{last.Reason} at offset {last.Offset}";
        }

        var refused = last is null ? "" : $"; {status.Faults} record(s) not applied, the last: {last.Kind} {last.Reason} at offset {last.Offset}";
        var stall = options.Value.StallAfter;
        var syncing = status.JoinedFrom is { } from ? $"; syncing from snapshot {from}" : "";
        var result = status.Halted is { } reason
            ? HealthCheckResult.Unhealthy($"Following blocks stopped: {reason}", data: data)
            : status.WaitingForSnapshot is { } waiting
                ? HealthCheckResult.Degraded($"Syncing: waiting for a verifiable snapshot ({waiting}){refused}.", data: data)
            : status.StartOffset is null
                ? HealthCheckResult.Degraded("Not following blocks yet.", data: data)
                : status.Lag is > 0 and var behind && status.SinceProgress > stall
                    ? HealthCheckResult.Unhealthy($"Following blocks stalled: {behind} record(s) behind and nothing read for {status.SinceProgress.TotalSeconds:0} s{refused}.", data: data)
                    : status.Lag is > 0 and var lag || !status.CaughtUp.IsCompleted
                        ? HealthCheckResult.Degraded($"Catching up on blocks: {status.Lag ?? -1} record(s) behind{syncing}{refused}.", data: data)
                        : HealthCheckResult.Healthy($"Following blocks at height {chain.Height}, caught up{refused}.", data: data);
        return Task.FromResult(result);
    }
}
