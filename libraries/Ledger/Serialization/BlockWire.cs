using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace AspireChain.Ledger;

public sealed partial class Block
{
    /// <summary>Byte length of the Kafka record value: the format byte and the binary form (<see cref="Size"/>).</summary>
    public int WireSize => 1 + Size;

    /// <summary>The binary Kafka record value (<see cref="WireFormat.BlockV1"/>, header, 4-byte count, transactions).</summary>
    public byte[] ToWire()
    {
        var bytes = new byte[WireSize];
        bytes[0] = WireFormat.BlockV1;
        WriteBinaryTo(bytes.AsSpan(1));
        return bytes;
    }

    /// <summary>
    /// Reads a binary Kafka record value without throwing; the count may be as large as the value holds. Nothing about
    /// consensus is checked here.
    /// </summary>
    public static bool TryReadWire(ReadOnlySpan<byte> value, [NotNullWhen(true)] out Block? block, out ValidationResult error) =>
        TryReadWire(value, int.MaxValue, out block, out error);

    /// <summary>
    /// Reads a binary Kafka record value without throwing: an unknown format byte, a JSON value, a short value, a count
    /// that disagrees with the bytes that follow are <c>malformed</c>; a true count above <paramref name="maxTransactions"/>
    /// is <c>bad-blk-length</c> (the block rule's own code), refused before any transaction is read.
    /// </summary>
    public static bool TryReadWire(ReadOnlySpan<byte> value, int maxTransactions, [NotNullWhen(true)] out Block? block, out ValidationResult error)
    {
        block = null;
        return WireFormat.TryCheck(value, WireFormat.BlockV1, "block", out error)
            && TryReadBinary(value[1..], maxTransactions, out block, out error);
    }

    /// <summary>Reads a binary Kafka record value or throws <see cref="LedgerFormatException"/> with the reason.</summary>
    public static Block ParseWire(ReadOnlySpan<byte> value) =>
        TryReadWire(value, out var block, out var error) ? block : throw new LedgerFormatException(error);

    /// <summary>Writes the binary form (<see cref="Size"/> bytes): header, 4-byte big-endian count, each transaction's signed bytes.</summary>
    internal void WriteBinaryTo(Span<byte> destination)
    {
        Header.WriteTo(destination);
        BinaryPrimitives.WriteInt32BigEndian(destination[BlockHeader.Size..], Transactions.Count);
        for (var i = 0; i < Transactions.Count; i++)
            Transactions[i].WriteTo(destination[BinarySize(i)..]);
    }

    /// <summary>Reads exactly one binary form from <paramref name="source"/>, straight from the span (the wire body of a block or an envelope).</summary>
    internal static bool TryReadBinary(ReadOnlySpan<byte> source, int maxTransactions, [NotNullWhen(true)] out Block? block, out ValidationResult error)
    {
        block = null;
        if (source.Length < BinarySize(0))
        {
            error = ValidationResult.Fail(RejectReason.Malformed, $"truncated: {source.Length} bytes, shorter than a {BlockHeader.Size}-byte header and a count");
            return false;
        }
        if (!BlockHeader.TryRead(source[..BlockHeader.Size], out var header, out error)) return false;
        var count = BinaryPrimitives.ReadUInt32BigEndian(source[BlockHeader.Size..]);
        var remaining = source.Length - BinarySize(0);
        var needed = (long)count * Transaction.SignedSize;
        if (needed != remaining)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, needed > remaining
                ? $"transaction count {count} needs {needed} bytes, {remaining} follow"
                : $"{remaining - needed} trailing bytes after {count} transactions");
            return false;
        }
        // Refused before a single transaction is read (or its id hashed).
        if (count > (uint)Math.Max(0, maxTransactions))
        {
            error = ValidationResult.Fail(RejectReason.BadBlockLength, $"{count} transactions, limit {maxTransactions}");
            return false;
        }
        var transactions = new Transaction[count];
        for (var i = 0; i < transactions.Length; i++)
        {
            if (!Transaction.TryRead(source.Slice(BinarySize(i), Transaction.SignedSize), out var transaction, out error))
            {
                error = error with { Detail = $"transactions[{i}]: {error.Detail}" };
                return false;
            }
            transactions[i] = transaction;
        }
        block = new Block(header, transactions);
        error = ValidationResult.Ok;
        return true;
    }
}
