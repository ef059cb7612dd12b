using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using AspireChain.Contracts.Kafka;
using AspireChain.EmbeddedKafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspireChain.Hosting;

/// <summary>
/// <c>AddKafka</c> for an AppHost without Docker. Where Docker and <c>Aspire.Hosting.Kafka</c> exist, that package's
/// <c>AddKafka</c> (a container) replaces this one: both give a resource with a connection string, so
/// <c>WithReference(kafka)</c> and <c>WaitFor(kafka)</c> stay as they are.
/// </summary>
public static class KafkaBuilderExtensions
{
    /// <summary>
    /// Adds a Kafka cluster: the one named by <c>ConnectionStrings:&lt;name&gt;</c> when configured, else an embedded
    /// broker (section <c>EmbeddedKafka</c>: <c>BrokerCount</c>, <c>TransactionsPartitions</c>, …) with the topic catalog
    /// created, a health check, log lines in the resource's console and commands that take brokers down and up.
    /// </summary>
    public static IResourceBuilder<KafkaClusterResource> AddKafka(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var existing = builder.Configuration.GetConnectionString(name);
        var options = new EmbeddedKafkaOptions();
        builder.Configuration.GetSection(EmbeddedKafkaOptions.SectionName).Bind(options);
        // One setting for the topic layout: the key the services' topic catalog reads wins over the broker's own.
        options.TransactionsPartitions = builder.Configuration.GetValue(TopicCatalog.TransactionsPartitionsKey, options.TransactionsPartitions);
        var kafka = new KafkaClusterResource(name, string.IsNullOrWhiteSpace(existing) ? null : existing.Trim(), options);

        var healthCheck = $"{name}-cluster";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => new KafkaClusterHealthCheck(kafka), failureStatus: null, tags: null));

        var resource = builder.AddResource(kafka)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Kafka",
                State = KnownResourceStates.NotStarted,
                Properties = [new(CustomResourceKnownProperties.Source, kafka.IsEmbedded ? "embedded (librdkafka mock cluster)" : "existing cluster")],
            })
            .WithIconName("DataBarVerticalStar")
            .WithHealthCheck(healthCheck)
            .OnInitializeResource(KafkaClusterLifecycle.StartAsync);
        return kafka.IsEmbedded ? resource.WithBrokerFaultCommands() : resource;
    }
}
