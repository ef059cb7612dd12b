using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>Readiness: the broker answers a metadata request within a short timeout.</summary>
public sealed class KafkaBrokerHealthCheck(KafkaClientFactory factory) : IHealthCheck, IDisposable
{
    /// <summary>The health check's registration name.</summary>
    public const string Name = "kafka";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private readonly Lazy<IAdminClient> _admin = new(factory.CreateAdminClient, LazyThreadSafetyMode.PublicationOnly);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // GetMetadata blocks; keep it off the request thread.
            var metadata = await Task.Run(() => _admin.Value.GetMetadata(Timeout), cancellationToken).ConfigureAwait(false);
            return metadata.Brokers.Count > 0
                ? HealthCheckResult.Healthy($"{metadata.Brokers.Count} broker(s), {metadata.Topics.Count} topic(s)")
                : HealthCheckResult.Unhealthy("The cluster reported no brokers.");
        }
        catch (Exception e) when (e is KafkaException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("Kafka broker unreachable.", e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }
}
