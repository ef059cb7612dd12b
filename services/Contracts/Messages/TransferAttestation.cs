using System.Security.Cryptography;
using System.Text;
using AspireChain.Contracts.Kafka;
using Confluent.Kafka;

namespace AspireChain.Contracts.Messages;

/// <summary>
/// Ingest's word, on each <c>transactions</c> record, that it verified the transfer's signature: an HMAC-SHA256 of the
/// record value under a secret shared with one audience, in that audience's header. There are two audiences with two
/// secrets. The miners' tag (<see cref="ForMiners"/>) lets the owning miner check 32 bytes instead of an ECDSA
/// signature. The validators' tag (<see cref="ForValidators"/>) lets the Validator skip the signature of a candidate's
/// transfer it saw vouched for; miners never hold that secret, so a miner can forge neither a transfer nor the
/// Validator's trust in one. A record without a valid tag (written by anything else that reaches the broker, or under
/// an earlier secret) is verified in full.
/// </summary>
public sealed class TransferAttestation
{
    /// <summary>The configuration key of the miners' secret (<c>TransferAttestation__MinersKey</c> in the environment).</summary>
    public const string MinersConfigurationKey = "TransferAttestation:MinersKey";

    /// <summary>The configuration key of the validators' secret (<c>TransferAttestation__ValidatorsKey</c>).</summary>
    public const string ValidatorsConfigurationKey = "TransferAttestation:ValidatorsKey";

    /// <summary>Shortest secret accepted, in UTF-8 bytes (256 bits when drawn from an alphabet of 62).</summary>
    public const int MinKeyBytes = 32;

    /// <summary>Bytes of a tag.</summary>
    public const int TagSize = HMACSHA256.HashSizeInBytes;

    private readonly byte[]? _key;

    private TransferAttestation(byte[]? key, string header)
    {
        _key = key;
        Header = header;
    }

    /// <summary>No secret: nothing is attested and every signature is verified.</summary>
    public static TransferAttestation None { get; } = new(null, "");

    /// <summary>Whether a secret is configured.</summary>
    public bool IsEnabled => _key is not null;

    /// <summary>The Kafka header this audience's tag travels in.</summary>
    public string Header { get; }

    /// <summary>The miners' attestation from their configured secret (<see cref="None"/> when empty).</summary>
    public static TransferAttestation ForMiners(string? secret) => Create(secret, KafkaHeaderNames.MinersAttestation, MinersConfigurationKey);

    /// <summary>The validators' attestation from their configured secret (<see cref="None"/> when empty).</summary>
    public static TransferAttestation ForValidators(string? secret) => Create(secret, KafkaHeaderNames.ValidatorsAttestation, ValidatorsConfigurationKey);

    /// <summary>Adds the tag of <paramref name="message"/>'s value to its headers (nothing without a secret).</summary>
    public void Attest(Message<string, byte[]> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_key is null) return;
        message.Headers ??= new Headers();
        message.Headers.Add(Header, HMACSHA256.HashData(_key, message.Value));
    }

    /// <summary>Whether <paramref name="headers"/> carry this secret's tag of <paramref name="value"/> (compared in constant time).</summary>
    public bool Vouches(Headers? headers, ReadOnlySpan<byte> value)
    {
        if (_key is null || headers is null || !headers.TryGetLastBytes(Header, out var tag) || tag is not { Length: TagSize })
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[TagSize];
        HMACSHA256.HashData(_key, value, expected);
        return CryptographicOperations.FixedTimeEquals(expected, tag);
    }

    private static TransferAttestation Create(string? secret, string header, string configurationKey)
    {
        if (string.IsNullOrEmpty(secret)) return None;
        var key = Encoding.UTF8.GetBytes(secret);
        return key.Length >= MinKeyBytes
            ? new TransferAttestation(key, header)
            : throw new InvalidOperationException($"{configurationKey} must be at least {MinKeyBytes} bytes; it has {key.Length}.");
    }
}
