using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the Kafka plumbing in DI (Aspire.Confluent.Kafka's role, which is not available here).</summary>
public static class KafkaHostingExtensions
{
    /// <summary>
    /// Adds <see cref="KafkaClientFactory"/>, a shared idempotent <see cref="IProducer{TKey,TValue}"/> (created on first
    /// use), statistics metrics, <see cref="RetentionLoss"/>, the broker and retention health checks (tag <c>ready</c>)
    /// and start-up topic provisioning. The broker check is left out when both <c>Aspire:Confluent:Kafka:Producer</c> and
    /// <c>Aspire:Confluent:Kafka:Consumer</c> say <c>DisableHealthChecks=true</c>.
    /// Called by <c>AddServiceDefaults()</c>; idempotent.
    /// </summary>
    public static TBuilder AddKafkaClients<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(KafkaClientFactory)))
        {
            return builder;
        }

        services.AddMetrics();
        services.TryAddSingleton<KafkaStatisticsMetrics>();
        services.AddSingleton<KafkaClientFactory>();
        services.AddSingleton<IProducer<string, byte[]>>(sp => sp.GetRequiredService<KafkaClientFactory>().CreateProducer());
        services.AddHostedService<KafkaProducerFlush>();
        services.AddHostedService<KafkaTopicProvisioner>();
        services.AddSingleton<KafkaBrokerHealthCheck>();
        services.TryAddSingleton<RetentionLoss>();
        services.TryAddSingleton<UnreadableRecords>();
        var checks = services.AddHealthChecks();
        // One broker check serves producers and consumers alike, so it goes only when both Aspire sections turn it off.
        if (!(AspireKafkaSection.Producer(builder.Configuration).DisableHealthChecks && AspireKafkaSection.Consumer(builder.Configuration).DisableHealthChecks))
        {
            checks.AddCheck<KafkaBrokerHealthCheck>(KafkaBrokerHealthCheck.Name, tags: ["ready"]);
        }

        checks.AddCheck<RetentionLossHealthCheck>(RetentionLossHealthCheck.Name, tags: ["ready"]);
        return builder;
    }

    /// <summary>Registers topics the service needs, created at start-up where the cluster lacks them (<see cref="KafkaTopicProvisioner"/>).</summary>
    public static TBuilder AddKafkaTopics<TBuilder>(this TBuilder builder, IEnumerable<KafkaTopic> topics)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(topics);
        foreach (var topic in topics)
        {
            builder.Services.AddSingleton(topic);
        }

        return builder;
    }
}
