using System.Numerics;

namespace AspireChain.Ledger;

/// <summary>
/// A proof-of-work threshold in Bitcoin's compact form (1 exponent byte, 3 mantissa bytes): a block is valid when its
/// hash, read as a big-endian 256-bit number, is at most <see cref="Value"/>. Only canonical encodings are accepted.
/// </summary>
public readonly struct Target : IEquatable<Target>
{
    private Target(uint bits, Hash256 value)
    {
        Bits = bits;
        Value = value;
    }

    /// <summary>The compact encoding carried in the block header.</summary>
    public uint Bits { get; }

    /// <summary>The 256-bit threshold, as a hash so the PoW check is one comparison.</summary>
    public Hash256 Value { get; }

    /// <summary>True when <paramref name="hash"/> meets this target.</summary>
    public bool IsMetBy(Hash256 hash) => hash <= Value;

    /// <summary>Average hashes needed to find a block: 2^256 / (target + 1).</summary>
    public double ExpectedAttempts => Math.Pow(2, 256) / ((double)ToBigInteger() + 1);

    /// <summary>The threshold as an integer (for retargeting arithmetic).</summary>
    public BigInteger ToBigInteger() => new(Value.ToArray(), isUnsigned: true, isBigEndian: true);

    /// <summary>Decodes compact bits; false when the encoding is not canonical, zero or above 2^256.</summary>
    public static bool TryFromBits(uint bits, out Target target)
    {
        target = default;
        var exponent = (int)(bits >> 24);
        var mantissa = bits & 0x00FF_FFFF;
        if (mantissa == 0 || exponent > 32) return false;
        var value = exponent <= 3 ? new BigInteger(mantissa >> (8 * (3 - exponent))) : new BigInteger(mantissa) << (8 * (exponent - 3));
        if (value.IsZero || value.GetByteCount(isUnsigned: true) > Hash256.Size) return false;
        var canonical = FromValue(value);
        if (canonical.Bits != bits) return false;
        target = canonical;
        return true;
    }

    /// <summary>Decodes compact bits or throws.</summary>
    public static Target FromBits(uint bits) =>
        TryFromBits(bits, out var target) ? target : throw new ArgumentOutOfRangeException(nameof(bits), $"0x{bits:x8} is not a canonical compact target.");

    /// <summary>Encodes a threshold, rounding down to what the compact form can hold.</summary>
    public static Target FromValue(BigInteger value)
    {
        if (value.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(value), "A target is positive.");
        var max = (BigInteger.One << 256) - 1;
        if (value > max) value = max;
        var size = value.GetByteCount(isUnsigned: true);
        var mantissa = size <= 3 ? (uint)(value << (8 * (3 - size))) : (uint)(value >> (8 * (size - 3)));
        var bits = ((uint)size << 24) | mantissa;
        var rounded = size <= 3 ? new BigInteger(mantissa >> (8 * (3 - size))) : new BigInteger(mantissa) << (8 * (size - 3));
        Span<byte> bytes = stackalloc byte[Hash256.Size];
        bytes.Clear();
        var count = rounded.GetByteCount(isUnsigned: true);
        rounded.TryWriteBytes(bytes[(Hash256.Size - count)..], out _, isUnsigned: true, isBigEndian: true);
        return new Target(bits, new Hash256(bytes));
    }

    /// <summary>The target whose expected work is about <paramref name="attempts"/> hashes per block.</summary>
    public static Target FromExpectedAttempts(double attempts)
    {
        if (attempts < 1) attempts = 1;
        var value = (BigInteger.One << 256) / new BigInteger(attempts);
        return FromValue(value.IsZero ? BigInteger.One : value);
    }

    /// <inheritdoc />
    public bool Equals(Target other) => Bits == other.Bits;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Target other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (int)Bits;

    /// <summary>Equality.</summary>
    public static bool operator ==(Target left, Target right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Target left, Target right) => !left.Equals(right);

    /// <summary>The compact bits as 8 hex digits.</summary>
    public override string ToString() => Bits.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
}
