using System.Numerics;

namespace AspireChain.Ledger;

/// <summary>The pinned signature form: 64-byte IEEE P1363 (r || s) with s in the lower half of the P-256 group order.</summary>
public static class Signature
{
    /// <summary>Byte length of a signature.</summary>
    public const int Size = 64;

    // n / 2 for P-256, big-endian: s above this is the malleable twin of n - s.
    private static ReadOnlySpan<byte> HalfOrder =>
    [
        0x7F, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xDE, 0x73, 0x7D, 0x56, 0xD3, 0x8B, 0xCF, 0x42, 0x79, 0xDC, 0xE5, 0x61, 0x7E, 0x31, 0x92, 0xA8,
    ];

    private static readonly BigInteger Order = new(Convert.FromHexString("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"), isUnsigned: true, isBigEndian: true);

    /// <summary>True when s ≤ n/2 and s is not zero.</summary>
    public static bool IsLowS(ReadOnlySpan<byte> signature) =>
        signature.Length == Size && signature[32..].SequenceCompareTo(HalfOrder) <= 0 && signature[32..].ContainsAnyExcept((byte)0);

    /// <summary>Rewrites s as n − s when it is high, in place.</summary>
    internal static void NormalizeLowS(Span<byte> signature)
    {
        if (IsLowS(signature)) return;
        var s = new BigInteger(signature[32..], isUnsigned: true, isBigEndian: true);
        var low = Order - s;
        signature[32..].Clear();
        var count = low.GetByteCount(isUnsigned: true);
        low.TryWriteBytes(signature[(Size - count)..], out _, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Rewrites s as n − s (the high twin), for tests that prove high-S is refused.</summary>
    internal static byte[] ToHighS(ReadOnlySpan<byte> signature)
    {
        var copy = signature.ToArray();
        var s = new BigInteger(signature[32..], isUnsigned: true, isBigEndian: true);
        var high = Order - s;
        copy.AsSpan(32).Clear();
        var count = high.GetByteCount(isUnsigned: true);
        high.TryWriteBytes(copy.AsSpan(Size - count), out _, isUnsigned: true, isBigEndian: true);
        return copy;
    }
}
