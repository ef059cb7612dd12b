using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace AspireChain.Ledger;

/// <summary>An ECDSA P-256 public key in its one pinned encoding (SEC1 uncompressed, 65 bytes: 0x04 || X || Y) that verifies transaction signatures.</summary>
public sealed class PublicKey : IEquatable<PublicKey>
{
    /// <summary>Byte length of the pinned encoding.</summary>
    public const int Size = 65;

    private readonly byte[] _bytes;

    private PublicKey(byte[] bytes)
    {
        _bytes = bytes;
        Address = Address.FromPublicKey(bytes);
    }

    /// <summary>The address this key controls.</summary>
    public Address Address { get; }

    /// <summary>The 65 encoded bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Reads a key from its 65-byte encoding; the point itself is checked when first imported for verification.</summary>
    public static bool TryRead(ReadOnlySpan<byte> encoded, [NotNullWhen(true)] out PublicKey? key)
    {
        key = null;
        if (encoded.Length != Size || encoded[0] != 0x04) return false;
        key = new PublicKey(encoded.ToArray());
        return true;
    }

    /// <summary>Parses 130 hex digits.</summary>
    public static bool TryParse([NotNullWhen(true)] string? hex, [NotNullWhen(true)] out PublicKey? key)
    {
        key = null;
        if (hex is null || hex.Length != Size * 2) return false;
        Span<byte> bytes = stackalloc byte[Size];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != Size) return false;
        return TryRead(bytes, out key);
    }

    /// <summary>Parses 130 hex digits or throws <see cref="FormatException"/>.</summary>
    public static PublicKey Parse(string hex) =>
        TryParse(hex, out var key) ? key : throw new FormatException("Not a 65-byte uncompressed P-256 public key in hex.");

    internal static PublicKey FromParameters(ECParameters parameters)
    {
        var bytes = new byte[Size];
        bytes[0] = 0x04;
        parameters.Q.X.AsSpan().CopyTo(bytes.AsSpan(1, 32));
        parameters.Q.Y.AsSpan().CopyTo(bytes.AsSpan(33, 32));
        return new PublicKey(bytes);
    }

    /// <summary>
    /// Verifies a 64-byte IEEE P1363 (r || s) signature over <paramref name="message"/> (hashed with SHA-256).
    /// High-S signatures are rejected because ECDSA's (r, n − s) twin would otherwise give one payment two ids.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != Signature.Size || !Signature.IsLowS(signature)) return false;
        var verifier = VerifierCache.Get(Address, _bytes);
        return verifier is not null && verifier.VerifyData(message, signature, HashAlgorithmName.SHA256);
    }

    /// <summary>True when the encoding is a point on P-256 (imports it for verification, so a pinned key is checked once, at start-up).</summary>
    public bool IsValidPoint() => VerifierCache.Get(Address, _bytes) is not null;

    /// <summary>Lower-case hex of the 65 bytes.</summary>
    public override string ToString() => Convert.ToHexStringLower(_bytes);

    /// <inheritdoc />
    public bool Equals(PublicKey? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PublicKey);

    /// <inheritdoc />
    public override int GetHashCode() => Address.GetHashCode();
}
