using System.Globalization;
using System.Text;
using AspireChain.Contracts.Kafka;
using Confluent.Kafka;

namespace AspireChain.Contracts.Messages;

/// <summary>
/// What the informational headers of a <c>blocks</c> record say about how the block came to be: the miner replica, its
/// proof-of-work effort and when it was mined and validated. Untrusted and for display only; every field is null when
/// its header is missing or unreadable.
/// </summary>
/// <param name="MinerInstance">Name of the miner replica that found the block.</param>
/// <param name="Attempts">Hashes the winning search tried.</param>
/// <param name="SearchMs">How long the winning search ran, in milliseconds.</param>
/// <param name="MinedAtMs">When the nonce was found (Unix ms, the miner's clock).</param>
/// <param name="ValidatedAtMs">When the Validator validated the candidate (Unix ms, the Validator's clock).</param>
public sealed record BlockProvenance(string? MinerInstance, long? Attempts, double? SearchMs, long? MinedAtMs, long? ValidatedAtMs)
{
    /// <summary>Longest miner instance name shown; anything longer is treated as garbage.</summary>
    public const int MaxInstanceLength = 64;

    // Longer values are not something an honest producer writes; they are ignored unread.
    private const int MaxValueBytes = 256;

    // JavaScript's Date ends at 8.64e15 ms; later "times" are garbage.
    private const long LatestUnixMs = 8_640_000_000_000_000;

    /// <summary>No headers at all.</summary>
    public static BlockProvenance None { get; } = new(null, null, null, null, null);

    /// <summary>Reads the headers; never throws: a missing or malformed header leaves its field null.</summary>
    public static BlockProvenance Read(Headers? headers)
    {
        if (headers is null)
        {
            return None;
        }

        return new BlockProvenance(
            Instance(Value(headers, KafkaHeaderNames.MinerInstance)),
            Count(Value(headers, KafkaHeaderNames.ProofOfWorkAttempts)),
            Milliseconds(Value(headers, KafkaHeaderNames.ProofOfWorkSearchMs)),
            UnixMs(Value(headers, KafkaHeaderNames.MinedAtMs)),
            UnixMs(Value(headers, KafkaHeaderNames.ValidatedAtMs)));
    }

    private static string? Value(Headers headers, string name)
    {
        if (!headers.TryGetLastBytes(name, out var bytes) || bytes is null || bytes.Length == 0 || bytes.Length > MaxValueBytes
            || !System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return null;
        }

        return Encoding.UTF8.GetString(bytes).Trim();
    }

    private static string? Instance(string? text) =>
        text is { Length: > 0 and <= MaxInstanceLength } && !text.Any(char.IsControl) ? text : null;

    private static long? Count(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static double? Milliseconds(string? text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    private static long? UnixMs(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= LatestUnixMs ? value : null;
}
