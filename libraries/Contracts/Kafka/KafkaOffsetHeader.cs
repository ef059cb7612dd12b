using System.Globalization;
using Confluent.Kafka;

namespace AspireChain.Contracts.Kafka;

/// <summary>
/// A Kafka offset carried in a record header as decimal ASCII digits (e.g. where a standby resumes). Anyone who reaches
/// the broker can write headers, so reading is range-checked and total: a null, empty, signed, non-digit or
/// out-of-range value is "absent", never an exception.
/// </summary>
public static class KafkaOffsetHeader
{
    /// <summary>Most digits read: <see cref="long.MaxValue"/> has 19.</summary>
    public const int MaxDigits = 19;

    /// <summary>The header value of a non-negative offset.</summary>
    public static byte[] Encode(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return System.Text.Encoding.ASCII.GetBytes(offset.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Parses 1 to <see cref="MaxDigits"/> ASCII digits into an offset in [0, <see cref="long.MaxValue"/>].</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out long offset)
    {
        offset = 0;
        if (value.IsEmpty || value.Length > MaxDigits) return false;
        // NumberStyles.None: digits only (no sign, no whitespace), and the parse itself fails above long.MaxValue.
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out offset) && offset >= 0;
    }

    /// <summary>Reads the last <paramref name="name"/> header of a record as an offset; false when absent, null or not one.</summary>
    public static bool TryRead(Headers? headers, string name, out long offset)
    {
        offset = 0;
        return headers is not null && headers.TryGetLastBytes(name, out var value) && value is not null && TryParse(value, out offset);
    }

    /// <summary>The offset in the last <paramref name="name"/> header, or null when absent or unreadable.</summary>
    public static long? Read(Headers? headers, string name) => TryRead(headers, name, out var offset) ? offset : null;
}
