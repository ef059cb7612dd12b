using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>The fact that a transaction or block was refused, as published on <see cref="Topics.Rejections"/>.</summary>
/// <param name="Kind"><see cref="RejectionKinds.Transaction"/> or <see cref="RejectionKinds.Block"/>.</param>
/// <param name="Id">Transaction id or block hash, hex.</param>
/// <param name="Height">Block height when known.</param>
/// <param name="Reason">Stable kebab-case code such as <c>bad-signature</c>, <c>stale</c>, <c>high-hash</c>.</param>
/// <param name="Detail">Human-readable detail.</param>
/// <param name="Source">The service that rejected it (its resource name).</param>
/// <param name="Timestamp">When it was rejected.</param>
public sealed record Rejection(
    string Kind,
    string Id,
    long? Height,
    string Reason,
    string? Detail,
    string Source,
    DateTimeOffset Timestamp)
{
    /// <summary>The Kafka message for <see cref="Topics.Rejections"/>: key = <see cref="Id"/>, value = UTF-8 JSON.</summary>
    public Message<string, byte[]> ToMessage() => new()
    {
        Key = Id,
        Value = JsonSerializer.SerializeToUtf8Bytes(this, KafkaJsonContext.Default.Rejection),
    };

    /// <summary>Reads a rejection from a message value; throws <see cref="JsonException"/> when it is not one.</summary>
    public static Rejection Parse(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, KafkaJsonContext.Default.Rejection)
        ?? throw new JsonException("A rejection message was JSON null.");

    /// <inheritdoc />
    public override string ToString() => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(this, KafkaJsonContext.Default.Rejection));
}
