using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;

namespace AspireChain.Contracts.Messages;

/// <summary>
/// Ingest's word, on each <c>transactions</c> record, that it verified the transfer's signature: an HMAC-SHA256 under a
/// secret shared with one audience (<see cref="TransferAttestationAudience"/>), in that audience's header. The tag covers
/// the audience's label, the record key (length-prefixed) and the value, so a tagged record copied under another key
/// (onto another partition) does not verify, and a tag for one audience is never a tag for another. It only saves work:
/// the miners' tag lets the owning miner check 32 bytes instead of an ECDSA signature, while the Validator verifies every
/// signature itself, so a miner's mistake (or a leaked secret) costs a rejected candidate, never a wrong block. A record
/// without a valid tag (written by anything else that reaches the broker, or under an earlier secret) is verified in full.
/// </summary>
public sealed class TransferAttestation
{
    /// <summary>The configuration key of the miners' secret (<c>TransferAttestation__MinersKey</c> in the environment).</summary>
    public const string MinersConfigurationKey = "TransferAttestation:MinersKey";

    /// <summary>Shortest secret accepted, in UTF-8 bytes (256 bits when drawn from an alphabet of 62).</summary>
    public const int MinKeyBytes = 32;

    /// <summary>Bytes of a tag.</summary>
    public const int TagSize = HMACSHA256.HashSizeInBytes;

    // What the tag's input may take on the stack before it is rented instead (a transfer's record is about 230 bytes).
    private const int StackInputBytes = 512;

    private readonly byte[]? _secret;
    private readonly byte[] _label;

    private TransferAttestation(TransferAttestationAudience? audience, byte[]? secret)
    {
        Audience = audience;
        _secret = secret;
        // The label ends with a NUL, which no label contains, so the label and the key's length prefix cannot run together.
        _label = audience is null ? [] : [.. Encoding.ASCII.GetBytes(audience.Label), 0];
    }

    /// <summary>No secret: nothing is attested and every signature is verified.</summary>
    public static TransferAttestation None { get; } = new(null, null);

    /// <summary>Whether a secret is configured.</summary>
    public bool IsEnabled => _secret is not null;

    /// <summary>The audience this attestation tags for (null for <see cref="None"/>).</summary>
    public TransferAttestationAudience? Audience { get; }

    /// <summary>The Kafka header this audience's tag travels in (empty for <see cref="None"/>).</summary>
    public string Header => Audience?.Header ?? "";

    /// <summary>The miners' attestation from their configured secret (<see cref="None"/> when empty).</summary>
    public static TransferAttestation ForMiners(string? secret) => For(TransferAttestationAudience.Miners, secret);

    /// <summary>The attestation of <paramref name="audience"/> from its configured secret (<see cref="None"/> when empty).</summary>
    /// <exception cref="InvalidOperationException">The secret is shorter than <see cref="MinKeyBytes"/>.</exception>
    public static TransferAttestation For(TransferAttestationAudience audience, string? secret)
    {
        ArgumentNullException.ThrowIfNull(audience);
        if (string.IsNullOrEmpty(secret)) return None;
        var key = Encoding.UTF8.GetBytes(secret);
        return key.Length >= MinKeyBytes
            ? new TransferAttestation(audience, key)
            : throw new InvalidOperationException($"{audience.ConfigurationKey} must be at least {MinKeyBytes} bytes; it has {key.Length}.");
    }

    /// <summary>Adds the tag of <paramref name="message"/>'s key and value to its headers (nothing without a secret).</summary>
    public void Attest(Message<string, byte[]> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_secret is null) return;
        var tag = new byte[TagSize];
        Compute(message.Key, message.Value, tag);
        message.Headers ??= new Headers();
        message.Headers.Add(Header, tag);
    }

    /// <summary>
    /// Whether <paramref name="headers"/> carry this secret's tag of <paramref name="key"/> and <paramref name="value"/>
    /// (the last such header counts; compared in constant time).
    /// </summary>
    public bool Attests(string? key, Headers? headers, ReadOnlySpan<byte> value)
    {
        if (_secret is null || headers is null || !headers.TryGetLastBytes(Header, out var tag) || tag is not { Length: TagSize })
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[TagSize];
        Compute(key, value, expected);
        return CryptographicOperations.FixedTimeEquals(expected, tag);
    }

    // HMAC-SHA256(secret, label ‖ 0x00 ‖ key length (4, big-endian) ‖ key (UTF-8) ‖ value); a null key is an empty one.
    private void Compute(string? key, ReadOnlySpan<byte> value, Span<byte> tag)
    {
        var keyText = key ?? "";
        var keyBytes = Encoding.UTF8.GetByteCount(keyText);
        var length = _label.Length + sizeof(int) + keyBytes + value.Length;
        byte[]? rented = null;
        var input = length <= StackInputBytes ? stackalloc byte[StackInputBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        input = input[..length];
        try
        {
            _label.CopyTo(input);
            var at = _label.Length;
            BinaryPrimitives.WriteInt32BigEndian(input[at..], keyBytes);
            at += sizeof(int);
            at += Encoding.UTF8.GetBytes(keyText, input[at..]);
            value.CopyTo(input[at..]);
            HMACSHA256.HashData(_secret, input, tag);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
