using System.Buffers.Binary;
using AspireChain.Ledger;

namespace AspireChain.Testing;

/// <summary>
/// Edits binary record values (<c>candidates</c> blocks, <c>blocks</c> envelopes) the way a hostile writer would, below
/// what the Ledger's types can express: the attacks a parser must refuse as <c>malformed</c> without crashing.
/// </summary>
public static class WireTampering
{
    /// <summary>Offset of a block's 4-byte transaction count in its record value (after the format byte and the header).</summary>
    public static int CountOffset => 1 + BlockHeader.Size;

    /// <summary>
    /// Puts a slot that holds no transaction (an unknown kind byte, every other byte zero) in front of the first
    /// transaction and counts it: the binary twin of a JSON <c>transactions</c> list holding a null.
    /// </summary>
    public static byte[] WithBlankTransactionSlot(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var slot = new byte[Transaction.SignedSize];
        slot[0] = 0xFF;
        var count = BinaryPrimitives.ReadInt32BigEndian(value.AsSpan(CountOffset));
        byte[] tampered = [.. value.AsSpan(0, CountOffset + 4), .. slot, .. value.AsSpan(CountOffset + 4)];
        BinaryPrimitives.WriteInt32BigEndian(tampered.AsSpan(CountOffset), count + 1);
        return tampered;
    }
}
