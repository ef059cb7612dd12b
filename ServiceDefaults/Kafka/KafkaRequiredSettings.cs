using Confluent.Kafka;

namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>
/// The librdkafka properties the chain's correctness rests on, which configuration may not change: producers stay
/// idempotent and only code names a <c>transactional.id</c>; consumers keep their code-given group, commit only after
/// the effect is durable and never read the records of an aborted Kafka transaction. Whatever a client's code sets
/// when it builds the client (<c>auto.offset.reset=error</c>, a transactional id, auto-commit for a status follower)
/// is protected the same way, by <see cref="KafkaClientFactory"/>.
/// </summary>
public static class KafkaRequiredSettings
{
    /// <summary>Producer properties configuration may not set: the factory's value (or the code's) is kept.</summary>
    public static IReadOnlyCollection<string> Producer { get; } = ["enable.idempotence", "transactional.id"];

    /// <summary>Consumer properties configuration may not set: the factory's value (or the code's) is kept.</summary>
    public static IReadOnlyCollection<string> Consumer { get; } = ["group.id", "enable.auto.commit", "isolation.level"];

    /// <summary>Whether <paramref name="key"/> is protected for clients whose config is <paramref name="config"/>.</summary>
    public static bool IsRequired(ClientConfig config, string key) => config switch
    {
        ProducerConfig => Producer.Contains(key, StringComparer.Ordinal),
        ConsumerConfig => Consumer.Contains(key, StringComparer.Ordinal),
        _ => false,
    };
}
