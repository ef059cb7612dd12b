using Aspire.Hosting.ApplicationModel;
using AspireChain.EmbeddedKafka;

namespace AspireChain.Hosting;

/// <summary>
/// A Kafka cluster in the app model, referenced by its connection string (the bootstrap list): either the embedded
/// broker, librdkafka's mock cluster running inside the AppHost on real 127.0.0.1 ports (no Docker, no JVM), or an
/// existing cluster named by <c>ConnectionStrings:&lt;name&gt;</c>.
/// </summary>
public sealed class KafkaClusterResource : Resource, IResourceWithConnectionString
{
    private readonly Lock _gate = new();
    private EmbeddedKafkaBroker? _broker;

    internal KafkaClusterResource(string name, string? existingBootstrapServers, EmbeddedKafkaOptions embeddedOptions)
        : base(name)
    {
        ExistingBootstrapServers = existingBootstrapServers;
        EmbeddedOptions = embeddedOptions;
        BootstrapServers = new KafkaBootstrapServers(name);
        if (existingBootstrapServers is not null)
        {
            BootstrapServers.Set(existingBootstrapServers);
        }
    }

    /// <summary>The bootstrap list of the existing cluster in use, or null when the embedded broker is.</summary>
    public string? ExistingBootstrapServers { get; }

    /// <summary>Whether this resource runs the embedded broker.</summary>
    public bool IsEmbedded => ExistingBootstrapServers is null;

    /// <summary>How the embedded broker is shaped (brokers, partitions, group timing).</summary>
    public EmbeddedKafkaOptions EmbeddedOptions { get; }

    /// <summary>The bootstrap list, known once the cluster is up.</summary>
    public KafkaBootstrapServers BootstrapServers { get; }

    /// <summary>The running embedded broker, for fault injection (null with an existing cluster, or before start).</summary>
    public EmbeddedKafkaBroker? Broker
    {
        get { lock (_gate) { return _broker; } }
    }

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{BootstrapServers}");

    internal EmbeddedKafkaBroker StartEmbeddedBroker()
    {
        var broker = EmbeddedKafkaBroker.Start(EmbeddedOptions);
        lock (_gate)
        {
            _broker = broker;
        }

        BootstrapServers.Set(broker.BootstrapServers);
        return broker;
    }

    internal void StopEmbeddedBroker()
    {
        EmbeddedKafkaBroker? broker;
        lock (_gate)
        {
            broker = _broker;
            _broker = null;
        }

        broker?.Dispose();
    }
}
