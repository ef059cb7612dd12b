using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace AspireChain.Ledger;

public sealed partial class AcceptedBlock
{
    // What follows the block: next candidate offset (8), validator key, signature.
    private const int WireTrailerSize = 8 + PublicKey.Size + Ledger.Signature.Size;

    /// <summary>Byte length of the Kafka record value: format byte, the block's binary form, offset, validator key, signature.</summary>
    public int WireSize => 1 + Block.Size + WireTrailerSize;

    /// <summary>
    /// The binary <c>blocks</c> record value (<see cref="WireFormat.AcceptedBlockV1"/>, the block's binary form, the
    /// next candidate offset, the validator key, the signature); the signature is the one made over <see cref="SigningBytes"/>.
    /// </summary>
    public byte[] ToWire()
    {
        var bytes = new byte[WireSize];
        bytes[0] = WireFormat.AcceptedBlockV1;
        Block.WriteBinaryTo(bytes.AsSpan(1));
        var trailer = bytes.AsSpan(1 + Block.Size);
        BinaryPrimitives.WriteInt64BigEndian(trailer, NextCandidateOffset);
        Validator.Bytes.CopyTo(trailer[8..]);
        _signature.CopyTo(trailer[(8 + PublicKey.Size)..]);
        return bytes;
    }

    /// <summary>Reads a binary <c>blocks</c> record value without throwing; the block may hold as many transactions as the value does.</summary>
    public static bool TryReadWire(ReadOnlySpan<byte> value, [NotNullWhen(true)] out AcceptedBlock? accepted, out ValidationResult error) =>
        TryReadWire(value, int.MaxValue, out accepted, out error);

    /// <summary>
    /// Reads a binary <c>blocks</c> record value without throwing: an unknown format byte, a JSON value, a short value, a
    /// count that disagrees with the length or a negative offset are <c>malformed</c>, a count above
    /// <paramref name="maxTransactions"/> <c>bad-blk-length</c>, a bad validator key <c>bad-public-key</c>. Neither the
    /// signature nor any consensus rule is checked here (<see cref="Verify"/> is the reader's next step).
    /// </summary>
    public static bool TryReadWire(ReadOnlySpan<byte> value, int maxTransactions, [NotNullWhen(true)] out AcceptedBlock? accepted, out ValidationResult error)
    {
        accepted = null;
        if (!WireFormat.TryCheck(value, WireFormat.AcceptedBlockV1, "accepted block", out error)) return false;
        if (value.Length < 1 + Ledger.Block.BinarySize(0) + WireTrailerSize)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, $"truncated: {value.Length} bytes, shorter than an envelope of an empty block");
            return false;
        }
        // The trailer has a fixed size, so the block is everything between the format byte and it.
        var trailer = value[^WireTrailerSize..];
        if (!Ledger.Block.TryReadBinary(value[1..^WireTrailerSize], maxTransactions, out var block, out error))
        {
            error = error with { Detail = $"block: {error.Detail}" };
            return false;
        }
        var offset = BinaryPrimitives.ReadInt64BigEndian(trailer);
        if (offset < 0)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, $"next candidate offset {offset} is negative");
            return false;
        }
        if (!PublicKey.TryRead(trailer.Slice(8, PublicKey.Size), out var validator))
        {
            error = ValidationResult.Fail(RejectReason.BadPublicKey, "the validator key is not an uncompressed P-256 point encoding");
            return false;
        }
        accepted = new AcceptedBlock(block, offset, validator, trailer[(8 + PublicKey.Size)..]);
        error = ValidationResult.Ok;
        return true;
    }

    /// <summary>Reads a binary <c>blocks</c> record value or throws <see cref="LedgerFormatException"/> with the reason.</summary>
    public static AcceptedBlock ParseWire(ReadOnlySpan<byte> value) =>
        TryReadWire(value, out var accepted, out var error) ? accepted : throw new LedgerFormatException(error);
}
