using AspireChain.AppHost.Dashboard.Resources;
using AspireChain.EmbeddedKafka;

namespace AspireChain.AppHost.Hosting.Orchestration;

/// <summary>The Kafka resource at run time: the embedded broker living inside the AppHost, or the address of an existing cluster.</summary>
internal sealed class KafkaRuntime(KafkaResource resource, EmbeddedKafkaOptions embeddedOptions, StateChangeSignal changes)
    : ResourceRuntime(resource.Name, "Kafka", null, changes)
{
    private readonly Lock _gate = new();
    private EmbeddedKafkaBroker? _broker;
    private string? _connectionString = resource.ExternalConnectionString;
    private DateTimeOffset? _startedAt;

    /// <summary>The embedded broker (for fault injection), or null when an external cluster is used.</summary>
    public EmbeddedKafkaBroker? Broker
    {
        get { lock (_gate) { return _broker; } }
    }

    /// <summary>The bootstrap list services receive as <c>ConnectionStrings__kafka</c>; null until started.</summary>
    public string? ConnectionString
    {
        get { lock (_gate) { return _connectionString; } }
    }

    public override ResourceSnapshot Snapshot()
    {
        lock (_gate)
        {
            var endpoints = _connectionString?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(b => $"tcp://{b}").ToArray() ?? [];
            var mode = new Dictionary<string, string>
            {
                ["ConnectionStrings__" + Name] = _connectionString ?? string.Empty,
                ["Mode"] = resource.ExternalConnectionString is null ? $"embedded (librdkafka mock cluster, {embeddedOptions.BrokerCount} brokers)" : "external cluster",
            };
            return new ResourceSnapshot(Name, ResourceType, null, State.ToString(), 0, _broker is null ? null : Environment.ProcessId, _startedAt, null, endpoints, mode);
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        SetState(ResourceState.Starting);
        if (resource.ExternalConnectionString is { } external)
        {
            Logs.Append($"Using the existing Kafka cluster at {external}.", isErrorOutput: false);
        }
        else
        {
            // Starting the mock cluster binds sockets and creates topics: keep it off the caller's thread.
            var broker = await Task.Run(() => EmbeddedKafkaBroker.Start(embeddedOptions), cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _broker = broker;
                _connectionString = broker.BootstrapServers;
            }

            Logs.Append(
                $"Embedded Kafka (librdkafka mock cluster): {broker.BrokerCount} brokers at {broker.BootstrapServers}; topics {string.Join(", ", broker.Topics.Select(t => $"{t.Name}({t.Partitions})"))}.",
                isErrorOutput: false);
        }

        lock (_gate) { _startedAt = DateTimeOffset.UtcNow; }
        SetState(ResourceState.Running);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        EmbeddedKafkaBroker? broker;
        lock (_gate)
        {
            broker = _broker;
            _broker = null;
        }

        broker?.Dispose();
        SetState(ResourceState.Stopped);
        return Task.CompletedTask;
    }
}
