using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspireChain.Hosting;

/// <summary>
/// The Kafka resource's health as a client sees it: the cluster answers a metadata request through its bootstrap list,
/// and (embedded broker) which brokers fault injection took down.
/// </summary>
internal sealed class KafkaClusterHealthCheck(KafkaClusterResource kafka) : IHealthCheck, IDisposable
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(3);
    private readonly Lock _gate = new();
    private IAdminClient? _admin;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (kafka.BootstrapServers.Value is not { } bootstrapServers)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The cluster has not started."));
        }

        if (kafka.IsEmbedded && kafka.Broker is null)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The embedded broker is stopped."));
        }

        // The metadata call blocks; keep it off the health-check loop's thread.
        return Task.Run(() => Check(bootstrapServers), cancellationToken);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _admin?.Dispose();
            _admin = null;
        }
    }

    private HealthCheckResult Check(string bootstrapServers)
    {
        try
        {
            var metadata = Admin(bootstrapServers).GetMetadata(MetadataTimeout);
            var down = kafka.Broker is { } broker ? broker.BrokerIds.Where(id => !broker.IsBrokerUp(id)).ToList() : [];
            var summary = $"{metadata.Brokers.Count} broker(s) answering, {metadata.Topics.Count} topic(s)";
            return down.Count == 0
                ? HealthCheckResult.Healthy(summary)
                : HealthCheckResult.Degraded($"{summary}; taken down: broker {string.Join(", ", down)}");
        }
        catch (KafkaException e)
        {
            return HealthCheckResult.Unhealthy($"No metadata from {bootstrapServers}: {e.Error.Reason}", e);
        }
    }

    private IAdminClient Admin(string bootstrapServers)
    {
        lock (_gate)
        {
            return _admin ??= new AdminClientBuilder(new AdminClientConfig
            {
                BootstrapServers = bootstrapServers,
                ClientId = "apphost-health",
                // A broker taken down on purpose must not flood the AppHost's log.
                LogConnectionClose = false,
            }).SetLogHandler((_, _) => { }).Build();
        }
    }
}
