using System.Security.Cryptography;
using System.Text;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using Confluent.Kafka;

namespace AspireChain.Kafka.Tests;

/// <summary>
/// Ingest's tag on a <c>transactions</c> record attests exactly that value under exactly that record key, for exactly
/// one audience, and nothing else.
/// </summary>
public sealed class TransferAttestationTests
{
    private const string Secret = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

    [Fact]
    public void A_tagged_record_is_attested_by_the_same_secret_only()
    {
        var attestation = TransferAttestation.ForMiners(Secret);
        var message = new Message<string, byte[]> { Key = "sender", Value = Encoding.UTF8.GetBytes("a transfer's wire bytes") };

        attestation.Attest(message);

        Assert.True(message.Headers.TryGetLastBytes(KafkaHeaderNames.MinersAttestation, out var tag));
        Assert.Equal(TransferAttestation.TagSize, tag.Length);
        Assert.True(attestation.Attests(message.Key, message.Headers, message.Value));
        Assert.False(TransferAttestation.ForMiners(Secret[..^1] + "H").Attests(message.Key, message.Headers, message.Value));
        Assert.False(TransferAttestation.None.Attests(message.Key, message.Headers, message.Value));
    }

    [Fact]
    public void The_tag_is_hmac_sha256_over_the_audience_label_the_length_prefixed_key_and_the_value()
    {
        var message = new Message<string, byte[]> { Key = "ab", Value = [7, 8, 9] };
        TransferAttestation.ForMiners(Secret).Attest(message);

        byte[] input = [.. Encoding.ASCII.GetBytes("aspirechain/transfer-attestation/v2/miners"), 0, 0, 0, 0, 2, (byte)'a', (byte)'b', 7, 8, 9];
        Assert.True(message.Headers.TryGetLastBytes(KafkaHeaderNames.MinersAttestation, out var tag));
        Assert.Equal(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), input), tag);
    }

    [Fact]
    public void A_tagged_record_copied_under_another_key_is_not_attested()
    {
        var attestation = TransferAttestation.ForMiners(Secret);
        var message = new Message<string, byte[]> { Key = "aa11", Value = [1, 2, 3, 4] };
        attestation.Attest(message);

        // Another key puts the same bytes on another partition (another miner): the tag must not travel with them.
        Assert.False(attestation.Attests("bb22", message.Headers, message.Value));
        Assert.False(attestation.Attests(null, message.Headers, message.Value));
        Assert.False(attestation.Attests("aa1", message.Headers, message.Value));
        // The key's length is hashed before it: moving bytes between the key and the value changes the tag.
        Assert.False(attestation.Attests("aa11\u0001", message.Headers, [2, 3, 4]));
        Assert.True(attestation.Attests("aa11", message.Headers, message.Value));
    }

    [Fact]
    public void A_tag_for_one_audience_is_never_a_tag_for_another_even_under_the_same_secret_and_header()
    {
        var other = new TransferAttestationAudience("others", "aspirechain/transfer-attestation/v2/others", KafkaHeaderNames.MinersAttestation, "TransferAttestation:OthersKey");
        var miners = TransferAttestation.ForMiners(Secret);
        var others = TransferAttestation.For(other, Secret);
        var message = new Message<string, byte[]> { Key = "sender", Value = [9, 8, 7] };

        miners.Attest(message);

        Assert.True(miners.Attests(message.Key, message.Headers, message.Value));
        Assert.False(others.Attests(message.Key, message.Headers, message.Value));
        var relabelled = new Message<string, byte[]> { Key = message.Key, Value = message.Value };
        others.Attest(relabelled);
        Assert.False(miners.Attests(relabelled.Key, relabelled.Headers, relabelled.Value));
    }

    [Fact]
    public void A_changed_value_a_changed_tag_a_short_tag_or_no_tag_is_not_attested()
    {
        var attestation = TransferAttestation.ForMiners(Secret);
        var message = new Message<string, byte[]> { Key = "sender", Value = [1, 2, 3, 4] };
        attestation.Attest(message);
        message.Headers.TryGetLastBytes(KafkaHeaderNames.MinersAttestation, out var tag);

        Assert.False(attestation.Attests(message.Key, message.Headers, [1, 2, 3, 5]));
        Assert.False(attestation.Attests(message.Key, message.Headers, [1, 2, 3]));
        Assert.False(attestation.Attests(message.Key, null, message.Value));
        Assert.False(attestation.Attests(message.Key, [], message.Value));

        var flipped = (byte[])tag.Clone();
        flipped[^1] ^= 1;
        Assert.False(attestation.Attests(message.Key, new Headers { { KafkaHeaderNames.MinersAttestation, flipped } }, message.Value));
        Assert.False(attestation.Attests(message.Key, new Headers { { KafkaHeaderNames.MinersAttestation, tag[..16] } }, message.Value));
        // The last header wins, as for every header we read: a forged tag appended after a genuine one is what counts.
        Assert.False(attestation.Attests(message.Key, new Headers { { KafkaHeaderNames.MinersAttestation, tag }, { KafkaHeaderNames.MinersAttestation, flipped } }, message.Value));
    }

    [Fact]
    public void A_large_value_is_tagged_and_checked_like_a_small_one()
    {
        var attestation = TransferAttestation.ForMiners(Secret);
        var message = new Message<string, byte[]> { Key = "sender", Value = RandomNumberGenerator.GetBytes(4096) };
        attestation.Attest(message);

        Assert.True(attestation.Attests(message.Key, message.Headers, message.Value));
        message.Value[4000] ^= 1;
        Assert.False(attestation.Attests(message.Key, message.Headers, message.Value));
    }

    [Fact]
    public void No_secret_attests_nothing_and_a_short_secret_is_refused_with_its_length()
    {
        var message = new Message<string, byte[]> { Key = "sender", Value = [1] };
        TransferAttestation.ForMiners(null).Attest(message);
        TransferAttestation.ForMiners("").Attest(message);

        Assert.Null(message.Headers);
        Assert.False(TransferAttestation.None.IsEnabled);
        Assert.True(TransferAttestation.ForMiners(Secret).IsEnabled);
        var refused = Assert.Throws<InvalidOperationException>(() => TransferAttestation.ForMiners("too short"));
        Assert.Contains("TransferAttestation:MinersKey must be at least 32 bytes; it has 9", refused.Message, StringComparison.Ordinal);
    }
}
