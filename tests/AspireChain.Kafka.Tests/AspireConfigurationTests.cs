using AspireChain.ServiceDefaults.Kafka;
using AspireChain.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AspireChain.Kafka.Tests;

/// <summary>
/// The <c>Aspire:Confluent:Kafka:Producer|Consumer</c> sections (Aspire.Confluent.Kafka's shape) reach the clients,
/// take their place in the precedence, and cannot loosen the settings correctness depends on.
/// </summary>
public sealed class AspireConfigurationTests
{
    private const string Broker = "127.0.0.1:9092";

    [Fact]
    public void Producer_section_config_key_reaches_the_producer_config_and_overrides_the_kafka_kind_section()
    {
        var factory = KafkaClientFactory.ForBootstrapServers(Broker, new Dictionary<string, string?>
        {
            ["Kafka:Producer:linger.ms"] = "20",
            ["Kafka:Producer:batch.num.messages"] = "500",
            ["Aspire:Confluent:Kafka:Producer:Config:linger.ms"] = "5",
            ["Aspire:Confluent:Kafka:Producer:Config:compression.type"] = "zstd",
            ["Kafka:Producers:blocks:linger.ms"] = "0",
        });

        var producer = factory.CreateProducerConfig();

        Assert.Equal(5, producer.LingerMs);
        Assert.Equal(CompressionType.Zstd, producer.CompressionType);
        // Today's section still applies where the Aspire section is silent.
        Assert.Equal(500, producer.BatchNumMessages);
        // A named client's section is the most specific and wins over both.
        Assert.Equal(0, factory.CreateProducerConfig("blocks").LingerMs);
        // Producer settings stay with producers.
        Assert.Null(factory.CreateConsumerConfig("group").Get("linger.ms"));
    }

    [Fact]
    public void Consumer_section_config_key_reaches_the_consumer_config_only()
    {
        var factory = KafkaClientFactory.ForBootstrapServers(Broker, new Dictionary<string, string?>
        {
            ["Aspire:Confluent:Kafka:Consumer:Config:fetch.wait.max.ms"] = "50",
            ["Aspire:Confluent:Kafka:Consumer:Config:auto.offset.reset"] = "latest",
        });

        var consumer = factory.CreateConsumerConfig("miners");

        Assert.Equal(50, consumer.FetchWaitMaxMs);
        Assert.Equal(AutoOffsetReset.Latest, consumer.AutoOffsetReset);
        Assert.Null(factory.CreateProducerConfig().Get("fetch.wait.max.ms"));
    }

    [Fact]
    public void Consumers_wait_at_most_20_ms_for_a_fetch_unless_configured_otherwise()
    {
        var defaults = KafkaClientFactory.ForBootstrapServers(Broker, new Dictionary<string, string?>());
        var configured = KafkaClientFactory.ForBootstrapServers(Broker, new Dictionary<string, string?>
        {
            ["Kafka:Consumer:fetch.wait.max.ms"] = "100",
        });

        Assert.Equal(KafkaClientFactory.DefaultFetchWaitMaxMs, defaults.CreateConsumerConfig("miners").FetchWaitMaxMs);
        Assert.Equal(20, KafkaClientFactory.DefaultFetchWaitMaxMs);
        Assert.Equal(100, configured.CreateConsumerConfig("miners").FetchWaitMaxMs);
    }

    [Fact]
    public void Required_settings_are_not_overridden_by_configuration_and_each_attempt_is_warned_about()
    {
        var logs = new CapturedLogs();
        using var loggerFactory = logs.CreateFactory();
        var factory = KafkaClientFactory.ForBootstrapServers(Broker, new Dictionary<string, string?>
        {
            ["Aspire:Confluent:Kafka:Producer:Config:enable.idempotence"] = "false",
            ["Aspire:Confluent:Kafka:Producer:Config:transactional.id"] = "configured",
            ["Aspire:Confluent:Kafka:Consumer:Config:isolation.level"] = "read_uncommitted",
            ["Aspire:Confluent:Kafka:Consumer:Config:group.id"] = "somebody-else",
            ["Kafka:Consumer:enable.auto.commit"] = "true",
        }, loggerFactory);

        var producer = factory.CreateProducerConfig();
        var consumer = factory.CreateConsumerConfig("miners");

        Assert.True(producer.EnableIdempotence);
        Assert.Null(producer.TransactionalId);
        Assert.Equal(IsolationLevel.ReadCommitted, consumer.IsolationLevel);
        Assert.Equal("miners", consumer.GroupId);
        Assert.False(consumer.EnableAutoCommit);
        foreach (var key in new[] { "enable.idempotence", "transactional.id", "isolation.level", "group.id", "enable.auto.commit" })
        {
            Assert.Contains(logs.Warnings(KafkaClientFactory.ConfigurationLogCategory), w => w.Contains($":{key}=", StringComparison.Ordinal) && w.Contains("ignored", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void What_a_client_sets_in_code_wins_over_configuration_with_a_warning()
    {
        var logs = new CapturedLogs();
        using var loggerFactory = logs.CreateFactory();
        var factory = KafkaClientFactory.ForBootstrapServers(Broker, new Dictionary<string, string?>
        {
            ["Aspire:Confluent:Kafka:Consumer:Config:auto.offset.reset"] = "earliest",
            ["Aspire:Confluent:Kafka:Consumer:Config:fetch.wait.max.ms"] = "50",
        }, loggerFactory);
        ConsumerConfig? built = null;

        // Building a client does not connect; nothing listens at the address and nothing needs to.
        using (factory.CreateConsumer("followers", "blocks", config =>
        {
            config.AutoOffsetReset = AutoOffsetReset.Error;
            built = config;
        }))
        {
        }

        Assert.NotNull(built);
        Assert.Equal(AutoOffsetReset.Error, built.AutoOffsetReset);
        Assert.Equal(50, built.FetchWaitMaxMs);
        var warning = Assert.Single(logs.Warnings(KafkaClientFactory.ConfigurationLogCategory));
        Assert.Contains("Aspire:Confluent:Kafka:Consumer:Config:auto.offset.reset=earliest", warning, StringComparison.Ordinal);
        Assert.Contains("(error)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_string_comes_from_connection_strings_first_then_the_client_kinds_section()
    {
        var sectionsOnly = new KafkaClientFactory(Configuration(new()
        {
            ["Aspire:Confluent:Kafka:Producer:ConnectionString"] = "producer-broker:9092",
            ["Aspire:Confluent:Kafka:Consumer:ConnectionString"] = "consumer-broker:9092",
        }));
        var both = new KafkaClientFactory(Configuration(new()
        {
            ["ConnectionStrings:kafka"] = "kafka:9092",
            ["Aspire:Confluent:Kafka:Producer:ConnectionString"] = "producer-broker:9092",
        }));

        Assert.True(sectionsOnly.IsConfigured);
        Assert.Equal("producer-broker:9092", sectionsOnly.CreateProducerConfig().BootstrapServers);
        Assert.Equal("consumer-broker:9092", sectionsOnly.CreateConsumerConfig("g").BootstrapServers);
        Assert.Equal("producer-broker:9092", sectionsOnly.BootstrapServers);
        Assert.Equal("kafka:9092", both.CreateProducerConfig().BootstrapServers);
        Assert.Equal("kafka:9092", both.CreateConsumerConfig("g").BootstrapServers);
        Assert.Equal("kafka:9092", both.BootstrapServers);
    }

    [Fact]
    public void Disable_metrics_turns_statistics_off_for_that_client_kind_only()
    {
        var factory = KafkaClientFactory.ForBootstrapServers(Broker, new Dictionary<string, string?>
        {
            ["Aspire:Confluent:Kafka:Producer:DisableMetrics"] = "true",
        });

        Assert.Equal(0, factory.CreateProducerConfig().StatisticsIntervalMs);
        Assert.Equal(KafkaClientFactory.DefaultStatisticsIntervalMs, factory.CreateConsumerConfig("g").StatisticsIntervalMs);
    }

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(true, false, true)]
    [InlineData(true, true, false)]
    public void The_broker_health_check_goes_only_when_both_sections_disable_it(bool producerOff, bool consumerOff, bool registered)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = Broker,
            ["Aspire:Confluent:Kafka:Producer:DisableHealthChecks"] = producerOff.ToString(),
            ["Aspire:Confluent:Kafka:Consumer:DisableHealthChecks"] = consumerOff.ToString(),
        });

        builder.AddKafkaClients();
        using var host = builder.Build();

        var checks = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name).ToList();
        Assert.Equal(registered, checks.Contains(KafkaBrokerHealthCheck.Name));
        Assert.Contains(RetentionLossHealthCheck.Name, checks);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
