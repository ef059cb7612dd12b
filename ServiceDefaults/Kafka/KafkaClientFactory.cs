using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>
/// Builds Kafka clients (string keys, byte[] values) from <c>ConnectionStrings:kafka</c> and the <c>Kafka</c>
/// configuration section, the way Aspire.Confluent.Kafka would: safe defaults, librdkafka properties overridable
/// per client kind and per named client, logs to <see cref="ILogger"/>, statistics to metrics.
/// </summary>
/// <remarks>
/// Configuration, later wins: defaults; <c>Kafka:Common</c>; <c>Kafka:Producer</c> or <c>Kafka:Consumer</c>;
/// <c>Kafka:Producers:{name}</c> or <c>Kafka:Consumers:{name}</c>. Keys are librdkafka property names,
/// e.g. <c>Kafka__Producer__linger.ms=10</c>.
/// </remarks>
public sealed class KafkaClientFactory
{
    /// <summary>The connection string name holding the bootstrap servers (Aspire's resource name).</summary>
    public const string ConnectionName = "kafka";

    /// <summary>Default <c>statistics.interval.ms</c> (0 disables statistics).</summary>
    public const int DefaultStatisticsIntervalMs = 5000;

    private readonly IConfiguration _configuration;
    private readonly ILoggerFactory _loggerFactory;
    private readonly KafkaStatisticsMetrics? _statistics;
    private readonly ConcurrentBag<WeakReference<IProducer<string, byte[]>>> _producers = [];

    /// <summary>Creates a factory over <paramref name="configuration"/>.</summary>
    public KafkaClientFactory(IConfiguration configuration, ILoggerFactory? loggerFactory = null, KafkaStatisticsMetrics? statistics = null)
    {
        _configuration = configuration;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _statistics = statistics;
    }

    /// <summary>A factory for a known bootstrap list (tests, tools).</summary>
    public static KafkaClientFactory ForBootstrapServers(string bootstrapServers, IDictionary<string, string?>? settings = null, ILoggerFactory? loggerFactory = null, KafkaStatisticsMetrics? statistics = null)
    {
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { [$"ConnectionStrings:{ConnectionName}"] = bootstrapServers };
        return new KafkaClientFactory(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), loggerFactory, statistics);
    }

    /// <summary>The bootstrap servers from <c>ConnectionStrings:kafka</c>; throws when it is missing.</summary>
    public string BootstrapServers =>
        _configuration.GetConnectionString(ConnectionName) is { Length: > 0 } servers
            ? servers
            : throw new InvalidOperationException($"No Kafka broker configured: set ConnectionStrings:{ConnectionName} (env ConnectionStrings__{ConnectionName}).");

    /// <summary>Whether <c>ConnectionStrings:kafka</c> is set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(_configuration.GetConnectionString(ConnectionName));

    /// <summary>The effective producer configuration: idempotent, <c>acks=all</c> unless overridden.</summary>
    public ProducerConfig CreateProducerConfig(string? name = null)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = BootstrapServers,
            ClientId = ClientId(name),
            EnableIdempotence = true,
            Acks = Acks.All,
            StatisticsIntervalMs = DefaultStatisticsIntervalMs,
        };
        Apply(config, "Kafka:Common", "Kafka:Producer", name is null ? null : $"Kafka:Producers:{name}");
        return config;
    }

    /// <summary>
    /// The effective consumer configuration: manual commits, earliest reset, classic group protocol with short
    /// dev/test timeouts (a departed member's partitions move in seconds, not the broker default 45 s).
    /// </summary>
    public ConsumerConfig CreateConsumerConfig(string groupId, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        var config = new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            ClientId = ClientId(name),
            GroupId = groupId,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            GroupProtocol = GroupProtocol.Classic,
            StatisticsIntervalMs = DefaultStatisticsIntervalMs,
        };
        Apply(config, "Kafka:Common", "Kafka:Consumer", name is null ? null : $"Kafka:Consumers:{name}");
        if (config.GroupProtocol != GroupProtocol.Consumer)
        {
            // 6 s is the smallest session real brokers accept by default (group.min.session.timeout.ms);
            // the KIP-848 protocol refuses these client-side settings, so they are classic-only defaults.
            config.SessionTimeoutMs ??= 6000;
            config.HeartbeatIntervalMs ??= 1000;
        }

        return config;
    }

    /// <summary>The effective admin client configuration.</summary>
    public AdminClientConfig CreateAdminConfig()
    {
        var config = new AdminClientConfig { BootstrapServers = BootstrapServers, ClientId = ClientId("admin") };
        Apply(config, "Kafka:Common", "Kafka:Admin", null);
        return config;
    }

    /// <summary>Builds a producer; <paramref name="configure"/> adjusts the config last (e.g. a <c>transactional.id</c>).</summary>
    public IProducer<string, byte[]> CreateProducer(string? name = null, Action<ProducerConfig>? configure = null)
    {
        var config = CreateProducerConfig(name);
        configure?.Invoke(config);
        var logger = _loggerFactory.CreateLogger($"{KafkaTracing.ActivitySourceName}.Producer");
        var builder = new ProducerBuilder<string, byte[]>(config)
            .SetLogHandler((_, log) => Log(logger, log))
            .SetErrorHandler((_, error) => LogError(logger, error));
        if (_statistics is not null)
        {
            builder.SetStatisticsHandler((_, json) => RecordStatistics(logger, json));
        }

        var producer = builder.Build();
        _producers.Add(new WeakReference<IProducer<string, byte[]>>(producer));
        return producer;
    }

    /// <summary>
    /// Builds a consumer in <paramref name="groupId"/>; <paramref name="configure"/> adjusts the config and
    /// <paramref name="configureBuilder"/> adds handlers (partitions assigned/revoked) before it is built.
    /// </summary>
    public IConsumer<string, byte[]> CreateConsumer(
        string groupId,
        string? name = null,
        Action<ConsumerConfig>? configure = null,
        Action<ConsumerBuilder<string, byte[]>>? configureBuilder = null)
    {
        var config = CreateConsumerConfig(groupId, name);
        configure?.Invoke(config);
        var logger = _loggerFactory.CreateLogger($"{KafkaTracing.ActivitySourceName}.Consumer");
        var builder = new ConsumerBuilder<string, byte[]>(config)
            .SetLogHandler((_, log) => Log(logger, log))
            .SetErrorHandler((_, error) => LogError(logger, error));
        if (_statistics is not null)
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

    private void Apply(ClientConfig config, string common, string kind, string? named)
    {
        foreach (var sectionName in new[] { common, kind, named })
        {
            if (sectionName is null)
            {
                continue;
            }

            foreach (var (key, value) in _configuration.GetSection(sectionName).AsEnumerable(makePathsRelative: true))
            {
                // Only flat keys are librdkafka properties; deeper keys belong to other settings.
                if (value is not null && !key.Contains(':', StringComparison.Ordinal))
                {
                    config.Set(key, value);
                }
            }
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
