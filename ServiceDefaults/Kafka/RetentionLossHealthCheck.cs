using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>Says when records were lost to retention before this process's consumer groups read them (degraded: the service works, but something is gone).</summary>
public sealed class RetentionLossHealthCheck(RetentionLoss loss) : IHealthCheck
{
    /// <summary>The health check's registration name.</summary>
    public const string Name = "kafka-retention";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var recent = loss.Recent;
        return Task.FromResult(recent.Count == 0
            ? HealthCheckResult.Healthy("No record was lost to retention before it was read.")
            : HealthCheckResult.Degraded(
                $"{loss.Total} record(s) were removed by retention before they were read: {string.Join("; ", recent.TakeLast(5))}",
                data: new Dictionary<string, object> { ["lostRecords"] = loss.Total }));
    }
}
