using System.Text;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using Confluent.Kafka;

namespace AspireChain.Kafka.Tests;

/// <summary>Ingest's tag on a <c>transactions</c> record vouches for exactly that value under exactly that key, and nothing else.</summary>
public sealed class TransferAttestationTests
{
    private const string Secret = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

    [Fact]
    public void A_tagged_record_is_vouched_for_by_the_same_key_only()
    {
        var attestation = TransferAttestation.ForMiners(Secret);
        var message = new Message<string, byte[]> { Key = "sender", Value = Encoding.UTF8.GetBytes("a transfer's wire bytes") };

        attestation.Attest(message);

        Assert.True(message.Headers.TryGetLastBytes(KafkaHeaderNames.MinersAttestation, out var tag));
        Assert.Equal(TransferAttestation.TagSize, tag.Length);
        Assert.True(attestation.Vouches(message.Headers, message.Value));
        Assert.False(TransferAttestation.ForMiners(Secret[..^1] + "H").Vouches(message.Headers, message.Value));
        Assert.False(TransferAttestation.None.Vouches(message.Headers, message.Value));
    }

    [Fact]
    public void The_miners_tag_never_vouches_to_the_validators_even_under_the_same_secret()
    {
        var miners = TransferAttestation.ForMiners(Secret);
        var validators = TransferAttestation.ForValidators(Secret);
        var message = new Message<string, byte[]> { Key = "sender", Value = [9, 8, 7] };

        miners.Attest(message);

        Assert.True(miners.Vouches(message.Headers, message.Value));
        Assert.False(validators.Vouches(message.Headers, message.Value));
        validators.Attest(message);
        Assert.True(validators.Vouches(message.Headers, message.Value));
        Assert.Equal([KafkaHeaderNames.MinersAttestation, KafkaHeaderNames.ValidatorsAttestation], message.Headers.Select(h => h.Key));
    }

    [Fact]
    public void A_changed_value_a_changed_tag_a_short_tag_or_no_tag_is_not_vouched_for()
    {
        var attestation = TransferAttestation.ForMiners(Secret);
        var message = new Message<string, byte[]> { Key = "sender", Value = [1, 2, 3, 4] };
        attestation.Attest(message);
        message.Headers.TryGetLastBytes(KafkaHeaderNames.MinersAttestation, out var tag);

        Assert.False(attestation.Vouches(message.Headers, [1, 2, 3, 5]));
        Assert.False(attestation.Vouches(message.Headers, [1, 2, 3]));
        Assert.False(attestation.Vouches(null, message.Value));
        Assert.False(attestation.Vouches([], message.Value));

        var flipped = (byte[])tag.Clone();
        flipped[^1] ^= 1;
        Assert.False(attestation.Vouches(new Headers { { KafkaHeaderNames.MinersAttestation, flipped } }, message.Value));
        Assert.False(attestation.Vouches(new Headers { { KafkaHeaderNames.MinersAttestation, tag[..16] } }, message.Value));
        // The last header wins, as for every header we read: a forged tag appended after a genuine one is what counts.
        Assert.False(attestation.Vouches(new Headers { { KafkaHeaderNames.MinersAttestation, tag }, { KafkaHeaderNames.MinersAttestation, flipped } }, message.Value));
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
        Assert.Contains("at least 32 bytes; it has 9", refused.Message, StringComparison.Ordinal);
    }
}
