using System.Security.Cryptography;
using System.Text;
using AspireChain.Contracts.Kafka;
using Confluent.Kafka;

namespace AspireChain.Contracts.Messages;

/// <summary>
/// Ingest's word, on each <c>transactions</c> record, that it verified the transfer's signature: an HMAC-SHA256 of the
/// record value under a key only ingest and the miners hold (header <see cref="KafkaHeaderNames.IngestAttestation"/>).
/// A miner that finds a valid tag checks 32 bytes instead of an ECDSA signature; a record without one (written by
/// anything else that reaches the broker, or under an earlier key) is verified in full. The Validator verifies every
/// signature whatever a tag says, so the ledger never depends on this key: a leaked key lets its holder waste miners'
/// work, not put a forged transfer on the chain.
/// </summary>
public sealed class TransferAttestation
{
    /// <summary>The configuration key of the shared secret (<c>TransferAttestation__Key</c> in the environment).</summary>
    public const string ConfigurationKey = "TransferAttestation:Key";

    /// <summary>Shortest secret accepted, in UTF-8 bytes (256 bits when drawn from an alphabet of 62).</summary>
    public const int MinKeyBytes = 32;

    /// <summary>Bytes of a tag.</summary>
    public const int TagSize = HMACSHA256.HashSizeInBytes;

    private readonly byte[]? _key;

    private TransferAttestation(byte[]? key) => _key = key;

    /// <summary>No key: nothing is attested and every signature is verified.</summary>
    public static TransferAttestation None { get; } = new(null);

    /// <summary>Whether a key is configured.</summary>
    public bool IsEnabled => _key is not null;

    /// <summary>From the configured secret: <see cref="None"/> when empty; a secret shorter than <see cref="MinKeyBytes"/> is refused.</summary>
    public static TransferAttestation FromSecret(string? secret)
    {
        if (string.IsNullOrEmpty(secret)) return None;
        var key = Encoding.UTF8.GetBytes(secret);
        return key.Length >= MinKeyBytes
            ? new TransferAttestation(key)
            : throw new InvalidOperationException($"{ConfigurationKey} must be at least {MinKeyBytes} bytes; it has {key.Length}.");
    }

    /// <summary>Adds the tag of <paramref name="message"/>'s value to its headers (nothing without a key).</summary>
    public void Attest(Message<string, byte[]> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_key is null) return;
        message.Headers ??= new Headers();
        message.Headers.Add(KafkaHeaderNames.IngestAttestation, HMACSHA256.HashData(_key, message.Value));
    }

    /// <summary>Whether <paramref name="headers"/> carry this key's tag of <paramref name="value"/> (compared in constant time).</summary>
    public bool Vouches(Headers? headers, ReadOnlySpan<byte> value)
    {
        if (_key is null || headers is null || !headers.TryGetLastBytes(KafkaHeaderNames.IngestAttestation, out var tag) || tag is not { Length: TagSize })
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[TagSize];
        HMACSHA256.HashData(_key, value, expected);
        return CryptographicOperations.FixedTimeEquals(expected, tag);
    }
}
