using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace AspireChain.Ledger;

/// <summary>An account address: the first 20 bytes of SHA-256 of the sender's 65-byte uncompressed public key.</summary>
public readonly struct Address : IEquatable<Address>, ISpanFormattable
{
    /// <summary>Byte length of an address.</summary>
    public const int Size = 20;

    private readonly ulong _w0, _w1;
    private readonly uint _w2;

    /// <summary>Reads an address from exactly 20 bytes.</summary>
    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size) throw new ArgumentException($"An address is {Size} bytes, got {bytes.Length}.", nameof(bytes));
        _w0 = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _w1 = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _w2 = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
    }

    /// <summary>The all-zero address (never derived from a key in practice).</summary>
    public static Address Zero => default;

    /// <summary>Derives the address of a public key (SEC1 uncompressed encoding, pinned by a test vector).</summary>
    public static Address FromPublicKey(ReadOnlySpan<byte> uncompressedPublicKey)
    {
        Span<byte> digest = stackalloc byte[Hash256.Size];
        SHA256.HashData(uncompressedPublicKey, digest);
        return new Address(digest[..Size]);
    }

    /// <summary>Writes the 20 bytes into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _w2);
    }

    /// <summary>The 20 bytes as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Parses 40 hex digits (either case).</summary>
    public static Address Parse(string hex) =>
        TryParse(hex, out var address) ? address : throw new FormatException($"'{hex}' is not a 40-digit hex address.");

    /// <summary>Parses 40 hex digits (either case) without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? hex, out Address address)
    {
        address = default;
        if (hex is null || hex.Length != Size * 2) return false;
        Span<byte> bytes = stackalloc byte[Size];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != Size) return false;
        address = new Address(bytes);
        return true;
    }

    /// <summary>Lower-case hex, the Kafka key of the <c>transactions</c> topic.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return Convert.TryToHexStringLower(bytes, destination, out charsWritten);
    }

    /// <inheritdoc />
    public bool Equals(Address other) => _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Address other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_w0, _w1, _w2);

    /// <summary>Equality.</summary>
    public static bool operator ==(Address left, Address right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Address left, Address right) => !left.Equals(right);
}
