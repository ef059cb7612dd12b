using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AspireChain.Hosting;

/// <summary>
/// Fault injection a person can click: dashboard commands that take one embedded broker down (its connections drop,
/// new ones are refused) and bring it back, so the services' retries, leader moves and health are seen live.
/// </summary>
public static class KafkaBrokerCommands
{
    /// <summary>The command that takes broker <paramref name="brokerId"/> down.</summary>
    public static string Down(int brokerId) => $"broker-{brokerId}-down";

    /// <summary>The command that brings broker <paramref name="brokerId"/> back up.</summary>
    public static string Up(int brokerId) => $"broker-{brokerId}-up";

    /// <summary>Adds "Take broker N down" and "Bring broker N up" for every broker of the embedded cluster.</summary>
    public static IResourceBuilder<KafkaClusterResource> WithBrokerFaultCommands(this IResourceBuilder<KafkaClusterResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var kafka = builder.Resource;
        for (var id = 1; id <= kafka.EmbeddedOptions.BrokerCount; id++)
        {
            var brokerId = id;
            builder.WithCommand(Down(brokerId), $"Take broker {brokerId} down", context => SetAsync(kafka, brokerId, up: false, context), new CommandOptions
            {
                Description = $"Broker {brokerId} drops its connections and refuses new ones until it is brought up; its partitions' clients fail over or wait.",
                IconName = "PlugDisconnected",
                UpdateState = context => StateOf(kafka, context, brokerId, enabledWhenUp: true),
            });
            builder.WithCommand(Up(brokerId), $"Bring broker {brokerId} up", context => SetAsync(kafka, brokerId, up: true, context), new CommandOptions
            {
                Description = $"Broker {brokerId} accepts connections again.",
                IconName = "PlugConnected",
                UpdateState = context => StateOf(kafka, context, brokerId, enabledWhenUp: false),
            });
        }

        return builder;
    }

    private static ResourceCommandState StateOf(KafkaClusterResource kafka, UpdateCommandStateContext context, int brokerId, bool enabledWhenUp)
    {
        if (kafka.Broker is not { } broker || context.ResourceSnapshot.State?.Text != KnownResourceStates.Running)
        {
            return ResourceCommandState.Disabled;
        }

        return broker.IsBrokerUp(brokerId) == enabledWhenUp ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;
    }

    private static async Task<ExecuteCommandResult> SetAsync(KafkaClusterResource kafka, int brokerId, bool up, ExecuteCommandContext context)
    {
        if (kafka.Broker is not { } broker)
        {
            return CommandResults.Failure("The embedded broker is not running.");
        }

        if (up)
        {
            broker.SetBrokerUp(brokerId);
        }
        else
        {
            broker.SetBrokerDown(brokerId);
        }

        var down = broker.BrokerIds.Where(id => !broker.IsBrokerUp(id)).ToList();
        var logger = context.Services.GetRequiredService<ResourceLoggerService>().GetLogger(kafka);
        logger.LogWarning("Broker {BrokerId} is {State} (fault injection); brokers down: {Down}.", brokerId, up ? "up" : "down", down.Count == 0 ? "none" : string.Join(", ", down));
        // A new snapshot makes the dashboard re-evaluate which of the commands are enabled.
        await context.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(kafka, s => s with
        {
            Properties = [.. s.Properties.Where(p => p.Name != "kafka.brokers.down"), new("kafka.brokers.down", down.Count == 0 ? "none" : string.Join(", ", down))],
        }).ConfigureAwait(false);
        return CommandResults.Success($"Broker {brokerId} is {(up ? "up" : "down")}.");
    }
}
