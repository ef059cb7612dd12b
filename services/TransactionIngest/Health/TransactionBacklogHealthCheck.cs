using AspireChain.TransactionIngest.Admission;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspireChain.TransactionIngest.Health;

/// <summary>Shows the <c>transactions</c> backlog on the dashboard: Degraded while it is full and ingest answers 503.</summary>
public sealed class TransactionBacklogHealthCheck(TransactionBacklog backlog) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var reading = backlog.Current;
        return Task.FromResult(reading.IsFull
            ? HealthCheckResult.Degraded($"backlog full, new transactions answered 503: {reading}")
            : HealthCheckResult.Healthy(reading.ToString()));
    }
}
