using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>
/// Builds Kafka clients (string keys, byte[] values) from <c>ConnectionStrings:kafka</c>, the <c>Kafka</c> section and
/// Aspire.Confluent.Kafka's <c>Aspire:Confluent:Kafka:Producer|Consumer</c> sections: safe defaults, librdkafka
/// properties overridable per client kind and per named client, logs to <see cref="ILogger"/>, statistics to metrics.
/// </summary>
/// <remarks>
/// Configuration, later wins: defaults; <c>Kafka:Common</c>; <c>Kafka:Producer</c> or <c>Kafka:Consumer</c>;
/// <c>Aspire:Confluent:Kafka:Producer:Config</c> or <c>Aspire:Confluent:Kafka:Consumer:Config</c>;
/// <c>Kafka:Producers:{name}</c> or <c>Kafka:Consumers:{name}</c>. Keys are librdkafka property names,
/// e.g. <c>Kafka__Producer__linger.ms=10</c>. <see cref="KafkaRequiredSettings"/> and whatever a client's code sets
/// cannot be overridden: such a setting is ignored with a warning.
/// </remarks>
public sealed class KafkaClientFactory
{
    /// <summary>The connection string name holding the bootstrap servers (Aspire's resource name).</summary>
    public const string ConnectionName = "kafka";

    /// <summary>Default <c>statistics.interval.ms</c> (0 disables statistics).</summary>
    public const int DefaultStatisticsIntervalMs = 5000;

    /// <summary>
    /// Default consumer <c>fetch.wait.max.ms</c> (librdkafka's is 500). A real broker answers a waiting fetch as soon as
    /// data arrives; the embedded broker answers an empty one only after the whole wait, so at 500 every hop of a
    /// transfer (transactions, candidates, blocks) waited up to half a second. 20 ms bounds that hop for about fifty
    /// empty fetches a second per idle consumer (overridable, e.g. <c>Kafka__Consumer__fetch.wait.max.ms=100</c>).
    /// </summary>
    public const int DefaultFetchWaitMaxMs = 20;

    /// <summary>Default producer <c>compression.type</c> (overridable, e.g. <c>Kafka__Producer__compression.type=zstd</c>).</summary>
    public const CompressionType DefaultCompression = CompressionType.Lz4;

    /// <summary>The log category of configuration warnings.</summary>
    public const string ConfigurationLogCategory = KafkaTracing.ActivitySourceName + ".Configuration";

    private readonly IConfiguration _configuration;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _configurationLogger;
    private readonly KafkaStatisticsMetrics? _statistics;
    private readonly ConcurrentBag<WeakReference<IProducer<string, byte[]>>> _producers = [];
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);

    /// <summary>Creates a factory over <paramref name="configuration"/>.</summary>
    public KafkaClientFactory(IConfiguration configuration, ILoggerFactory? loggerFactory = null, KafkaStatisticsMetrics? statistics = null)
    {
        _configuration = configuration;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _configurationLogger = _loggerFactory.CreateLogger(ConfigurationLogCategory);
        _statistics = statistics;
        ProducerSection = AspireKafkaSection.Producer(configuration);
        ConsumerSection = AspireKafkaSection.Consumer(configuration);
        if (ProducerSection.DisableTracing || ConsumerSection.DisableTracing)
        {
            WarnOnce("DisableTracing", logger => logger.LogWarning(
                "{Section}:DisableTracing is not honoured: the Kafka spans carry the trace context that links a transaction's trace across services.",
                ProducerSection.DisableTracing ? ProducerSection.Path : ConsumerSection.Path));
        }
    }

    /// <summary>The <c>Aspire:Confluent:Kafka:Producer</c> section.</summary>
    public AspireKafkaSection ProducerSection { get; }

    /// <summary>The <c>Aspire:Confluent:Kafka:Consumer</c> section.</summary>
    public AspireKafkaSection ConsumerSection { get; }

    /// <summary>A factory for a known bootstrap list (tests, tools).</summary>
    public static KafkaClientFactory ForBootstrapServers(string bootstrapServers, IDictionary<string, string?>? settings = null, ILoggerFactory? loggerFactory = null, KafkaStatisticsMetrics? statistics = null)
    {
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { [$"ConnectionStrings:{ConnectionName}"] = bootstrapServers };
        return new KafkaClientFactory(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), loggerFactory, statistics);
    }

    /// <summary>
    /// The bootstrap servers: <c>ConnectionStrings:kafka</c>, else the producer section's <c>ConnectionString</c>, else
    /// the consumer section's; throws when none is set.
    /// </summary>
    public string BootstrapServers =>
        ConnectionStringOf(ProducerSection) ?? ConnectionStringOf(ConsumerSection) ?? throw NotConfigured();

    /// <summary>Whether a broker is configured (see <see cref="BootstrapServers"/>).</summary>
    public bool IsConfigured => (ConnectionStringOf(ProducerSection) ?? ConnectionStringOf(ConsumerSection)) is not null;

    /// <summary>The effective producer configuration: idempotent, <c>acks=all</c> and lz4-compressed unless overridden.</summary>
    public ProducerConfig CreateProducerConfig(string? name = null) => CreateProducerConfig(name, out _);

    /// <summary>
    /// The effective consumer configuration: manual commits, earliest reset, read-committed, classic group protocol
    /// with short dev/test timeouts (a departed member's partitions move in seconds, not the broker default 45 s).
    /// </summary>
    public ConsumerConfig CreateConsumerConfig(string groupId, string? name = null) => CreateConsumerConfig(groupId, name, out _);

    /// <summary>The effective admin client configuration.</summary>
    public AdminClientConfig CreateAdminConfig()
    {
        var config = new AdminClientConfig { BootstrapServers = BootstrapServers, ClientId = ClientId("admin") };
        Apply(config, "admin", [Layer("Kafka:Common"), Layer("Kafka:Admin")]);
        return config;
    }

    /// <summary>
    /// Builds a producer; <paramref name="configure"/> adjusts the config last (e.g. a <c>transactional.id</c>), and
    /// what it sets wins over configuration.
    /// </summary>
    public IProducer<string, byte[]> CreateProducer(string? name = null, Action<ProducerConfig>? configure = null)
    {
        var config = CreateProducerConfig(name, out var configured);
        RequireCodeSettings(config, configure, configured, $"producer {name ?? "(shared)"}");
        var logger = _loggerFactory.CreateLogger($"{KafkaTracing.ActivitySourceName}.Producer");
        var builder = new ProducerBuilder<string, byte[]>(config)
            .SetLogHandler((_, log) => Log(logger, log))
            .SetErrorHandler((_, error) => LogError(logger, error));
        if (_statistics is not null && !ProducerSection.DisableMetrics)
        {
            builder.SetStatisticsHandler((_, json) => RecordStatistics(logger, json));
        }

        var producer = builder.Build();
        _producers.Add(new WeakReference<IProducer<string, byte[]>>(producer));
        return producer;
    }

    /// <summary>
    /// Builds a consumer in <paramref name="groupId"/>; <paramref name="configure"/> adjusts the config (what it sets
    /// wins over configuration) and <paramref name="configureBuilder"/> adds handlers (partitions assigned/revoked)
    /// before it is built.
    /// </summary>
    public IConsumer<string, byte[]> CreateConsumer(
        string groupId,
        string? name = null,
        Action<ConsumerConfig>? configure = null,
        Action<ConsumerBuilder<string, byte[]>>? configureBuilder = null)
    {
        var config = CreateConsumerConfig(groupId, name, out var configured);
        RequireCodeSettings(config, configure, configured, $"consumer {name ?? groupId}");
        var logger = _loggerFactory.CreateLogger($"{KafkaTracing.ActivitySourceName}.Consumer");
        var builder = new ConsumerBuilder<string, byte[]>(config)
            .SetLogHandler((_, log) => Log(logger, log))
            .SetErrorHandler((_, error) => LogError(logger, error));
        if (_statistics is not null && !ConsumerSection.DisableMetrics)
        {
            builder.SetStatisticsHandler((_, json) => RecordStatistics(logger, json));
        }

        configureBuilder?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>Builds an admin client (metadata, topic creation).</summary>
    public IAdminClient CreateAdminClient()
    {
        var logger = _loggerFactory.CreateLogger($"{KafkaTracing.ActivitySourceName}.Admin");
        return new AdminClientBuilder(CreateAdminConfig())
            .SetLogHandler((_, log) => Log(logger, log))
            .SetErrorHandler((_, error) => LogError(logger, error))
            .Build();
    }

    /// <summary>Flushes every live producer this factory built within one overall <paramref name="timeout"/> (on shutdown, so queued work is not dropped).</summary>
    public void FlushProducers(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var reference in _producers)
        {
            if (!reference.TryGetTarget(out var producer))
            {
                continue;
            }

            try
            {
                var remaining = deadline - DateTime.UtcNow;
                producer.Flush(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            }
            catch (ObjectDisposedException)
            {
                // Its owner already disposed it after flushing: nothing left to deliver.
            }
        }
    }

    /// <summary>The replica's name (e.g. <c>miner-x7k2f9qa</c>), so the broker's logs and metrics tell replicas apart.</summary>
    private string ClientId(string? name)
    {
        var instance = ServiceInstance.From(_configuration, AppDomain.CurrentDomain.FriendlyName).Name;
        return name is null ? instance : $"{instance}-{name}";
    }

    private ProducerConfig CreateProducerConfig(string? name, out IReadOnlyDictionary<string, ConfiguredValue> configured)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = ConnectionStringOf(ProducerSection) ?? throw NotConfigured(),
            ClientId = ClientId(name),
            EnableIdempotence = true,
            Acks = Acks.All,
            // Halves binary record values (repeated keys, addresses, chain ids) for about a microsecond of CPU per transfer,
            // so a broker keeps twice the history; zstd saves a fifth more for about twice the CPU (bench: wire-sizes).
            CompressionType = DefaultCompression,
            StatisticsIntervalMs = DefaultStatisticsIntervalMs,
        };
        configured = Apply(config, $"producer {name ?? "(shared)"}",
        [
            Layer("Kafka:Common"),
            Layer("Kafka:Producer"),
            (ProducerSection.ConfigPath, ProducerSection.Config),
            name is null ? null : Layer($"Kafka:Producers:{name}"),
        ]);
        if (ProducerSection.DisableMetrics)
        {
            config.StatisticsIntervalMs = 0;
        }

        return config;
    }

    private ConsumerConfig CreateConsumerConfig(string groupId, string? name, out IReadOnlyDictionary<string, ConfiguredValue> configured)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        var config = new ConsumerConfig
        {
            BootstrapServers = ConnectionStringOf(ConsumerSection) ?? throw NotConfigured(),
            ClientId = ClientId(name),
            GroupId = groupId,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = IsolationLevel.ReadCommitted,
            GroupProtocol = GroupProtocol.Classic,
            FetchWaitMaxMs = DefaultFetchWaitMaxMs,
            StatisticsIntervalMs = DefaultStatisticsIntervalMs,
        };
        configured = Apply(config, $"consumer {name ?? groupId}",
        [
            Layer("Kafka:Common"),
            Layer("Kafka:Consumer"),
            (ConsumerSection.ConfigPath, ConsumerSection.Config),
            name is null ? null : Layer($"Kafka:Consumers:{name}"),
        ]);
        if (ConsumerSection.DisableMetrics)
        {
            config.StatisticsIntervalMs = 0;
        }

        if (config.GroupProtocol != GroupProtocol.Consumer)
        {
            // 6 s is the smallest session real brokers accept by default (group.min.session.timeout.ms);
            // the KIP-848 protocol refuses these client-side settings, so they are classic-only defaults.
            config.SessionTimeoutMs ??= 6000;
            config.HeartbeatIntervalMs ??= 1000;
        }

        return config;
    }

    /// <summary>The bootstrap servers for a client kind: <c>ConnectionStrings:kafka</c> first (as today and as Aspire), then the kind's section.</summary>
    private string? ConnectionStringOf(AspireKafkaSection section) =>
        _configuration.GetConnectionString(ConnectionName) is { Length: > 0 } servers ? servers : section.ConnectionString;

    private static InvalidOperationException NotConfigured() => new(
        $"No Kafka broker configured: set ConnectionStrings:{ConnectionName} (env ConnectionStrings__{ConnectionName}) " +
        $"or {AspireKafkaSection.ProducerSection}:ConnectionString / {AspireKafkaSection.ConsumerSection}:ConnectionString.");

    private (string Source, IReadOnlyDictionary<string, string> Values) Layer(string sectionName) =>
        (sectionName, _configuration.GetSection(sectionName).AsEnumerable(makePathsRelative: true)
            // Only flat keys are librdkafka properties; deeper keys belong to other settings.
            .Where(pair => pair.Value is not null && !pair.Key.Contains(':', StringComparison.Ordinal))
            .ToDictionary(pair => pair.Key, pair => pair.Value!, StringComparer.Ordinal));

    /// <summary>Applies the layers in order (later wins), refusing <see cref="KafkaRequiredSettings"/>; returns what configuration set, by key.</summary>
    private Dictionary<string, ConfiguredValue> Apply(ClientConfig config, string client, IEnumerable<(string Source, IReadOnlyDictionary<string, string> Values)?> layers)
    {
        var configured = new Dictionary<string, ConfiguredValue>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            if (layer is not { } present)
            {
                continue;
            }

            var (source, values) = present;

            foreach (var (key, value) in values)
            {
                if (KafkaRequiredSettings.IsRequired(config, key))
                {
                    IgnoredWarning(client, source, key, value, config.Get(key));
                    continue;
                }

                config.Set(key, value);
                configured[key] = new ConfiguredValue(source, value);
            }
        }

        return configured;
    }

    /// <summary>Runs the client's own <paramref name="configure"/> last and warns about each configured value it had to override.</summary>
    private void RequireCodeSettings<TConfig>(TConfig config, Action<TConfig>? configure, IReadOnlyDictionary<string, ConfiguredValue> configured, string client)
        where TConfig : ClientConfig
    {
        if (configure is null)
        {
            return;
        }

        configure(config);
        foreach (var (key, (source, value)) in configured)
        {
            var required = config.Get(key);
            if (!string.Equals(required, value, StringComparison.OrdinalIgnoreCase))
            {
                IgnoredWarning(client, source, key, value, required);
            }
        }
    }

    private void IgnoredWarning(string client, string source, string key, string value, string? required) =>
        WarnOnce($"{client}|{source}|{key}", logger => logger.LogWarning(
            "{Source}:{Property}={Value} is ignored for Kafka {Client}: the code sets {Property} ({Required}) because correctness depends on it.",
            source, key, value, client, key, required ?? "librdkafka's default"));

    private void WarnOnce(string what, Action<ILogger> warn)
    {
        // Clients are rebuilt (re-subscriptions, restarts of a loop): one warning per setting is enough.
        if (_warned.TryAdd(what, true))
        {
            warn(_configurationLogger);
        }
    }

    private void RecordStatistics(ILogger logger, string json)
    {
        try
        {
            _statistics!.Record(json);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException)
        {
            logger.LogDebug(e, "Unreadable librdkafka statistics skipped");
        }
    }

    private static void Log(ILogger logger, LogMessage log)
    {
        var level = log.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        if (logger.IsEnabled(level))
        {
            logger.Log(level, "librdkafka {Client} {Facility}: {Message}", log.Name, log.Facility, log.Message);
        }
    }

    private static void LogError(ILogger logger, Error error)
    {
        // Non-fatal errors are transient and librdkafka recovers by itself; a refused connection repeats every
        // reconnect backoff, so it stays at Debug while "all brokers down" remains visible.
        var level = error.IsFatal ? LogLevel.Critical : error.Code == ErrorCode.Local_Transport ? LogLevel.Debug : LogLevel.Warning;
        logger.Log(level, "Kafka client error {Code}: {Reason}", error.Code, error.Reason);
    }
}
