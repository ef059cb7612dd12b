using System.Diagnostics.CodeAnalysis;

namespace AspireChain.Ledger;

public sealed partial class Transaction
{
    /// <summary>Byte length of the Kafka record value: the format byte and the signed canonical bytes.</summary>
    public const int WireSize = 1 + SignedSize;

    /// <summary>The binary Kafka record value (<see cref="WireFormat.TransactionV1"/>, then <see cref="WriteTo"/>'s bytes).</summary>
    public byte[] ToWire()
    {
        var bytes = new byte[WireSize];
        WriteWireTo(bytes);
        return bytes;
    }

    /// <summary>Writes the binary Kafka record value into <paramref name="destination"/> (at least <see cref="WireSize"/> bytes).</summary>
    public void WriteWireTo(Span<byte> destination)
    {
        destination[0] = WireFormat.TransactionV1;
        WriteTo(destination[1..WireSize]);
    }

    /// <summary>
    /// Reads a binary Kafka record value without throwing: an unknown format byte, a JSON value, a short value or
    /// trailing bytes are <c>malformed</c>, a bad sender key <c>bad-public-key</c>. The signature is not verified here.
    /// </summary>
    public static bool TryReadWire(ReadOnlySpan<byte> value, [NotNullWhen(true)] out Transaction? transaction, out ValidationResult error)
    {
        transaction = null;
        if (!WireFormat.TryCheck(value, WireFormat.TransactionV1, "transaction", out error)) return false;
        if (value.Length != WireSize)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, value.Length < WireSize
                ? $"truncated: a transaction value is {WireSize} bytes, got {value.Length}"
                : $"{value.Length - WireSize} trailing bytes after a {WireSize}-byte transaction value");
            return false;
        }
        return TryRead(value[1..], out transaction, out error);
    }

    /// <summary>Reads a binary Kafka record value or throws <see cref="LedgerFormatException"/> with the reason.</summary>
    public static Transaction ParseWire(ReadOnlySpan<byte> value) =>
        TryReadWire(value, out var transaction, out var error) ? transaction : throw new LedgerFormatException(error);
}
