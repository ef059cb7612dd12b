using Confluent.Kafka;

namespace AspireChain.Testing;

/// <summary>The producer a test writes records with when it plays another service: idempotent and fully acknowledged, as the services' own are.</summary>
public static class Producers
{
    /// <summary>An idempotent, <c>acks=all</c> producer of string keys and byte values for <paramref name="bootstrapServers"/>.</summary>
    public static IProducer<string, byte[]> Reliable(string bootstrapServers) =>
        new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
        }).Build();
}
