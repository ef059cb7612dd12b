using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using AspireChain.Contracts.Kafka;
using Confluent.Kafka;

namespace AspireChain.Contracts.Messages;

/// <summary>The fact that a transaction or block was refused, as published on <see cref="Topics.Rejections"/>.</summary>
/// <param name="Kind"><see cref="RejectionKinds.Transaction"/> or <see cref="RejectionKinds.Block"/>.</param>
/// <param name="Id">Transaction id or block hash, hex.</param>
/// <param name="Height">Block height when known.</param>
/// <param name="Reason">Stable kebab-case code such as <c>bad-signature</c>, <c>stale</c>, <c>high-hash</c>.</param>
/// <param name="Detail">Human-readable detail.</param>
/// <param name="Source">The service that rejected it (its resource name).</param>
/// <param name="Timestamp">When it was rejected.</param>
/// <param name="Transaction">
/// For a refused block: the id (hex) of the one transfer that broke the rule, when one did, so the miners drop it
/// (a hint they check for themselves before acting on it: anything that reaches the broker can write this topic).
/// </param>
public sealed record Rejection(
    string Kind,
    string Id,
    long? Height,
    string Reason,
    string? Detail,
    string Source,
    DateTimeOffset Timestamp,
    string? Transaction = null)
{
    /// <summary>Largest rejection value read, in bytes (the broker's default record limit).</summary>
    public const int MaxJsonBytes = 1024 * 1024;

    // Reader messages can quote the input (an unknown property name): what is kept of them is bounded.
    private const int MaxErrorLength = 512;

    /// <summary>The Kafka message for <see cref="Topics.Rejections"/>: key = <see cref="Id"/>, value = UTF-8 JSON.</summary>
    public Message<string, byte[]> ToMessage() => new()
    {
        Key = Id,
        Value = JsonSerializer.SerializeToUtf8Bytes(this, ContractsJsonContext.Default.Rejection),
    };

    /// <summary>Reads a rejection from a message value; throws <see cref="JsonException"/> when it is not a whole one.</summary>
    public static Rejection Parse(ReadOnlySpan<byte> utf8Json) =>
        TryParse(utf8Json, out var rejection, out var error) ? rejection : throw new JsonException(error);

    /// <summary>
    /// Reads a rejection from a message value without throwing: false, with why, for anything that is not valid JSON of
    /// this shape, is too large, misses (or nulls) the kind, id, reason, source or timestamp, or has an unknown kind or an empty reason.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out Rejection? rejection, [NotNullWhen(false)] out string? error)
    {
        rejection = null;
        if (utf8Json.Length > MaxJsonBytes)
        {
            error = $"{utf8Json.Length} bytes, limit {MaxJsonBytes}";
            return false;
        }

        Rejection? read;
        try
        {
            read = JsonSerializer.Deserialize(utf8Json, ContractsJsonContext.Default.Rejection);
        }
        catch (JsonException e)
        {
            error = e.Message.Length <= MaxErrorLength ? e.Message : string.Concat(e.Message.AsSpan(0, MaxErrorLength), "…");
            return false;
        }

        error = read switch
        {
            null => "a rejection message was JSON null",
            { Kind: not (RejectionKinds.Transaction or RejectionKinds.Block) } => read.Kind is null ? Missing("kind") : "'kind' is neither transaction nor block",
            { Id: null } => Missing("id"),
            { Reason: null } => Missing("reason"),
            { Reason: "" } => "'reason' is empty",
            { Source: null } => Missing("source"),
            { Timestamp.Ticks: 0 } => Missing("timestamp"),
            _ => null,
        };
        if (error is not null)
        {
            return false;
        }

        rejection = read!;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(this, ContractsJsonContext.Default.Rejection));

    private static string Missing(string field) => $"'{field}' is missing or null";
}
