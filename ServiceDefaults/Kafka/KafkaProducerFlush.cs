using Microsoft.Extensions.Hosting;

namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>
/// On shutdown, flushes every producer the factory built before DI disposes them: disposing a producer drops what
/// is still queued. Registered first, so it stops after the service's own workers.
/// </summary>
public sealed class KafkaProducerFlush(KafkaClientFactory factory) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        factory.FlushProducers(TimeSpan.FromSeconds(5));
        return Task.CompletedTask;
    }
}
