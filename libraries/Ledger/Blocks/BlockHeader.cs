using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace AspireChain.Ledger;

/// <summary>
/// The hashed part of a block, in a fixed 148-byte big-endian layout with the nonce last: the first 128 bytes never change
/// while mining (one SHA-256 midstate per template) and the nonce sits in the final compression block.
/// </summary>
/// <param name="Version">Consensus rules version.</param>
/// <param name="Height">Blocks before this one (genesis is 0).</param>
/// <param name="PreviousHash">Hash of the parent header.</param>
/// <param name="MerkleRoot">Merkle root of the transaction ids (see <see cref="MerkleTree"/>).</param>
/// <param name="StateRoot">Root of every account after this block applies (see <see cref="StateCommitment"/>): what a snapshot is checked against.</param>
/// <param name="Timestamp">Unix milliseconds.</param>
/// <param name="Target">The PoW threshold the hash must meet.</param>
/// <param name="Miner">Who mined it (also the coinbase recipient by convention).</param>
/// <param name="Nonce">The proof-of-work search variable.</param>
public sealed record BlockHeader(uint Version, ulong Height, Hash256 PreviousHash, Hash256 MerkleRoot, Hash256 StateRoot, long Timestamp, Target Target, Address Miner, ulong Nonce)
{
    /// <summary>Byte length of the canonical layout.</summary>
    public const int Size = 148;

    /// <summary>Offset of the 8-byte big-endian nonce.</summary>
    public const int NonceOffset = 140;

    /// <summary>Writes the canonical bytes: version(4) height(8) prev(32) merkle(32) state(32) timestamp(8) bits(4) miner(20) nonce(8).</summary>
    public void WriteTo(Span<byte> destination)
    {
        destination = destination[..Size];
        BinaryPrimitives.WriteUInt32BigEndian(destination, Version);
        BinaryPrimitives.WriteUInt64BigEndian(destination[4..], Height);
        PreviousHash.WriteTo(destination[12..]);
        MerkleRoot.WriteTo(destination[44..]);
        StateRoot.WriteTo(destination[76..]);
        BinaryPrimitives.WriteInt64BigEndian(destination[108..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[116..], Target.Bits);
        Miner.WriteTo(destination[120..]);
        BinaryPrimitives.WriteUInt64BigEndian(destination[NonceOffset..], Nonce);
    }

    /// <summary>The canonical bytes as a new array.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>SHA-256 of the canonical bytes: the block hash.</summary>
    public Hash256 ComputeHash()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return Hash256.Compute(bytes);
    }

    /// <summary>Reads the canonical layout; fails on a wrong length or a non-canonical target encoding.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, [NotNullWhen(true)] out BlockHeader? header, out ValidationResult error)
    {
        header = null;
        if (source.Length != Size)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, $"a header is {Size} bytes, got {source.Length}");
            return false;
        }
        var bits = BinaryPrimitives.ReadUInt32BigEndian(source[116..]);
        if (!Target.TryFromBits(bits, out var target))
        {
            error = ValidationResult.Fail(RejectReason.BadTarget, $"0x{bits:x8} is not a canonical compact target");
            return false;
        }
        header = new BlockHeader(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            BinaryPrimitives.ReadUInt64BigEndian(source[4..]),
            new Hash256(source.Slice(12, Hash256.Size)),
            new Hash256(source.Slice(44, Hash256.Size)),
            new Hash256(source.Slice(76, Hash256.Size)),
            BinaryPrimitives.ReadInt64BigEndian(source[108..]),
            target,
            new Address(source.Slice(120, Address.Size)),
            BinaryPrimitives.ReadUInt64BigEndian(source[NonceOffset..]));
        error = ValidationResult.Ok;
        return true;
    }
}
