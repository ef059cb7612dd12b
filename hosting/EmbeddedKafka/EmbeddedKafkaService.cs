using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspireChain.EmbeddedKafka;

/// <summary>Runs an <see cref="EmbeddedKafkaBroker"/> for the lifetime of a host (the AppHost, a test host).</summary>
public sealed class EmbeddedKafkaService(IOptions<EmbeddedKafkaOptions> options, ILogger<EmbeddedKafkaService> logger) : IHostedService, IDisposable
{
    private EmbeddedKafkaBroker? _broker;

    /// <summary>The running broker; throws before the host started.</summary>
    public EmbeddedKafkaBroker Broker => _broker ?? throw new InvalidOperationException("The embedded Kafka broker has not started yet.");

    /// <summary>Starts the broker now if the host has not yet (so its address can be handed to others early).</summary>
    public EmbeddedKafkaBroker EnsureStarted()
    {
        if (_broker is null)
        {
            var broker = EmbeddedKafkaBroker.Start(options.Value);
            if (Interlocked.CompareExchange(ref _broker, broker, null) is null)
            {
                logger.LogInformation("Embedded Kafka: {BrokerCount} broker(s) at {BootstrapServers}", broker.BrokerCount, broker.BootstrapServers);
            }
            else
            {
                broker.Dispose();
            }
        }

        return _broker!;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureStarted();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => Interlocked.Exchange(ref _broker, null)?.Dispose();
}
