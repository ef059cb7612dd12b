using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>
/// Creates the topics the service registered (<see cref="KafkaTopic"/>, through <c>AddKafkaTopics</c>) at start-up on a
/// real Kafka through the admin API: idempotent (only missing topics are requested, "already exists" is success), so
/// every replica may run it. The embedded broker creates its topics itself (its mock has no CreateTopics), which this
/// sees as "nothing missing".
/// </summary>
public sealed class KafkaTopicProvisioner(KafkaClientFactory factory, IEnumerable<KafkaTopic> topics, IConfiguration configuration, ILogger<KafkaTopicProvisioner> logger) : IHostedService
{
    /// <summary>Set <c>Kafka:ProvisionTopics=false</c> to skip provisioning.</summary>
    public const string EnabledKey = "Kafka:ProvisionTopics";

    /// <summary>How long start-up waits for the broker (a TimeSpan, default 10 s).</summary>
    public const string TimeoutKey = "Kafka:ProvisionTimeout";

    /// <summary>Creates the missing topics of <paramref name="catalog"/>; returns the names it created.</summary>
    public static async Task<IReadOnlyList<string>> EnsureTopicsAsync(IAdminClient admin, IReadOnlyList<KafkaTopic> catalog, TimeSpan timeout, short replicationFactor = -1)
    {
        ArgumentNullException.ThrowIfNull(admin);
        // All-topic metadata: asking for one topic by name can auto-create it with broker defaults.
        var existing = (await Task.Run(() => admin.GetMetadata(timeout)).ConfigureAwait(false)).Topics
            .Where(t => !t.Error.IsError).Select(t => t.Topic).ToHashSet(StringComparer.Ordinal);
        var missing = catalog.Where(t => !existing.Contains(t.Name)).ToList();
        if (missing.Count == 0)
        {
            return [];
        }

        try
        {
            await admin.CreateTopicsAsync(
                missing.Select(t => new TopicSpecification
                {
                    Name = t.Name,
                    NumPartitions = t.Partitions,
                    ReplicationFactor = replicationFactor,
                    Configs = t.Configs?.ToDictionary(c => c.Key, c => c.Value),
                }),
                new CreateTopicsOptions { RequestTimeout = timeout, OperationTimeout = timeout }).ConfigureAwait(false);
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // A concurrent replica created them first: the outcome we wanted.
        }

        return missing.Select(t => t.Name).ToList();
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var wanted = topics.ToList();
        if (wanted.Count == 0 || !factory.IsConfigured || !configuration.GetValue(EnabledKey, true))
        {
            return;
        }

        try
        {
            using var admin = factory.CreateAdminClient();
            var created = await EnsureTopicsAsync(admin, wanted, configuration.GetValue(TimeoutKey, TimeSpan.FromSeconds(10))).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (created.Count > 0)
            {
                logger.LogInformation("Created Kafka topics {Topics}", string.Join(", ", created));
            }
        }
        catch (Exception e) when (e is KafkaException or TimeoutException)
        {
            // Not fatal: the broker may come later; /health reports it meanwhile.
            logger.LogWarning(e, "Kafka topic provisioning failed");
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
