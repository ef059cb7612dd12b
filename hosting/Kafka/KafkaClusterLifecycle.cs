using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AspireChain.Hosting;

/// <summary>Starts a <see cref="KafkaClusterResource"/> when the AppHost initialises it, reports its state, and stops the embedded broker last.</summary>
internal static class KafkaClusterLifecycle
{
    public static async Task StartAsync(KafkaClusterResource kafka, InitializeResourceEvent initialize, CancellationToken cancellationToken)
    {
        var logger = initialize.Logger;
        await initialize.Notifications.PublishUpdateAsync(kafka, s => s with { State = KnownResourceStates.Starting }).ConfigureAwait(false);
        string bootstrapServers;
        List<ResourcePropertySnapshot> properties = [];
        if (kafka.ExistingBootstrapServers is { } existing)
        {
            bootstrapServers = existing;
            logger.LogInformation("Using the existing Kafka cluster at {BootstrapServers}; services create missing topics.", existing);
        }
        else
        {
            try
            {
                // Binding sockets and creating topics: keep it off the AppHost's start-up thread.
                var broker = await Task.Run(kafka.StartEmbeddedBroker, cancellationToken).ConfigureAwait(false);
                // Stopped only once every service is: a broker vanishing under running clients floods their logs.
                initialize.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(kafka.StopEmbeddedBroker);
                bootstrapServers = broker.BootstrapServers;
                var topics = string.Join(", ", broker.Topics.Select(t => $"{t.Name} ({t.Partitions})"));
                logger.LogInformation(
                    "Embedded Kafka (librdkafka mock cluster): {BrokerCount} brokers at {BootstrapServers}; topics {Topics}. In memory: gone when the AppHost stops.",
                    broker.BrokerCount, broker.BootstrapServers, topics);
                properties.Add(new("kafka.brokers", broker.BrokerCount));
                properties.Add(new("kafka.topics", topics));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The embedded Kafka broker did not start.");
                await initialize.Notifications.PublishUpdateAsync(kafka, s => s with { State = KnownResourceStates.FailedToStart }).ConfigureAwait(false);
                return;
            }
        }

        properties.Add(new(CustomResourceKnownProperties.ConnectionString, bootstrapServers));
        await initialize.Eventing.PublishAsync(new ConnectionStringAvailableEvent(kafka, initialize.Services), cancellationToken).ConfigureAwait(false);
        await initialize.Notifications.PublishUpdateAsync(kafka, s => s with
        {
            State = KnownResourceStates.Running,
            StartTimeStamp = DateTime.UtcNow,
            Properties = [.. s.Properties.Where(p => properties.All(n => n.Name != p.Name)), .. properties],
        }).ConfigureAwait(false);
    }
}
