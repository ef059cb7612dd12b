using Microsoft.Extensions.Configuration;

namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>
/// One of the <c>Aspire:Confluent:Kafka:Producer</c> / <c>Aspire:Confluent:Kafka:Consumer</c> sections that the
/// Aspire.Confluent.Kafka client integration reads, read here so a later move to that package changes no configuration:
/// <c>ConnectionString</c>, <c>Config</c> (librdkafka property names), <c>DisableHealthChecks</c>,
/// <c>DisableTracing</c> and <c>DisableMetrics</c>.
/// </summary>
public sealed class AspireKafkaSection
{
    /// <summary>The parent section of both client kinds.</summary>
    public const string Root = "Aspire:Confluent:Kafka";

    /// <summary>The producers' section.</summary>
    public const string ProducerSection = Root + ":Producer";

    /// <summary>The consumers' section.</summary>
    public const string ConsumerSection = Root + ":Consumer";

    private AspireKafkaSection(string path, IConfigurationSection section)
    {
        Path = path;
        ConnectionString = section["ConnectionString"] is { Length: > 0 } connection ? connection : null;
        DisableHealthChecks = Flag(section, "DisableHealthChecks");
        DisableTracing = Flag(section, "DisableTracing");
        DisableMetrics = Flag(section, "DisableMetrics");
        var config = section.GetSection("Config");
        // Only flat keys: "linger.ms" is a librdkafka property, anything deeper is not.
        Config = config.AsEnumerable(makePathsRelative: true)
            .Where(pair => pair.Value is not null && !pair.Key.Contains(':', StringComparison.Ordinal))
            .ToDictionary(pair => pair.Key, pair => pair.Value!, StringComparer.Ordinal);
    }

    /// <summary>The section's configuration path (for log messages).</summary>
    public string Path { get; }

    /// <summary>The bootstrap servers, when the section names them.</summary>
    public string? ConnectionString { get; }

    /// <summary>Whether this kind of client asks for no broker health check.</summary>
    public bool DisableHealthChecks { get; }

    /// <summary>Whether this kind of client asks for no spans (not honoured: the spans carry the cross-service trace context).</summary>
    public bool DisableTracing { get; }

    /// <summary>Whether this kind of client asks for no librdkafka statistics metrics.</summary>
    public bool DisableMetrics { get; }

    /// <summary>The <c>Config</c> subsection: librdkafka property name → value.</summary>
    public IReadOnlyDictionary<string, string> Config { get; }

    /// <summary>The path of <c>Config</c> (for log messages).</summary>
    public string ConfigPath => Path + ":Config";

    /// <summary>Reads <see cref="ProducerSection"/>.</summary>
    public static AspireKafkaSection Producer(IConfiguration configuration) => Read(configuration, ProducerSection);

    /// <summary>Reads <see cref="ConsumerSection"/>.</summary>
    public static AspireKafkaSection Consumer(IConfiguration configuration) => Read(configuration, ConsumerSection);

    private static AspireKafkaSection Read(IConfiguration configuration, string path)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new AspireKafkaSection(path, configuration.GetSection(path));
    }

    // A value that is not a boolean counts as not set rather than failing start-up over a typo in an optional switch.
    private static bool Flag(IConfigurationSection section, string key) =>
        bool.TryParse(section[key], out var value) && value;
}
