using System.Text.Json;
using CsCheck;

namespace AspireChain.Ledger.Tests.Blocks;

/// <summary>The Validator's signed envelope: one refusal per way to forge or replay it, and its wire form round-trips.</summary>
public sealed class AcceptedBlockTests
{
    private static readonly KeyPair Validator = DevValidator.CreateKeyPair();
    private static readonly NetworkParameters Network = NetworkParameters.Test;

    private static Block NextBlock()
    {
        var chain = new TestChain();
        return chain.Extend(chain.Pay(TestChain.Faucet, TestChain.Miner, 10));
    }

    [Fact]
    public void A_block_signed_by_the_pinned_validator_verifies()
    {
        var accepted = AcceptedBlock.Sign(NextBlock(), 42, Validator, Network);

        Assert.True(accepted.Verify(Network).IsValid);
        Assert.Equal(DevValidator.PublicKey, accepted.Validator);
        Assert.True(Signature.IsLowS(accepted.Signature));
        Assert.Equal(AcceptedBlock.SigningSize, AcceptedBlock.SigningBytes(1, 2, Hash256.Zero, 3).Length);
        Assert.Equal(AcceptedBlock.SigningSize - 4 - 8 - Hash256.Size - 8, AcceptedBlock.SigningDomain.Length);
    }

    [Fact]
    public void A_block_signed_by_a_key_the_network_does_not_pin_is_an_unknown_validator()
    {
        using var stranger = KeyPair.Generate();
        var accepted = AcceptedBlock.Sign(NextBlock(), 42, stranger, Network);

        Assert.Equal(RejectReason.UnknownValidator, accepted.Verify(Network).Reason);
    }

    [Fact]
    public void Another_keys_signature_under_the_pinned_key_is_a_bad_validator_signature()
    {
        using var stranger = KeyPair.Generate();
        var signedByStranger = AcceptedBlock.Sign(NextBlock(), 42, stranger, Network);
        var claimed = new AcceptedBlock(signedByStranger.Block, 42, DevValidator.PublicKey, signedByStranger.Signature);

        Assert.Equal(RejectReason.BadValidatorSignature, claimed.Verify(Network).Reason);
    }

    [Fact]
    public void A_replay_with_a_tampered_candidate_offset_is_a_bad_validator_signature()
    {
        var honest = AcceptedBlock.Sign(NextBlock(), 42, Validator, Network);
        var tampered = new AcceptedBlock(honest.Block, 9_000_000_000_000_000_000, honest.Validator, honest.Signature);

        Assert.Equal(RejectReason.BadValidatorSignature, tampered.Verify(Network).Reason);
        Assert.Contains("9000000000000000000", tampered.Verify(Network).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_moved_onto_another_block_is_a_bad_validator_signature()
    {
        var honest = AcceptedBlock.Sign(NextBlock(), 42, Validator, Network);
        var forgedBlock = TestChain.Rebuild(honest.Block, edit: h => h with { Timestamp = h.Timestamp + 1 });
        var moved = new AcceptedBlock(forgedBlock, 42, honest.Validator, honest.Signature);

        Assert.Equal(RejectReason.BadValidatorSignature, moved.Verify(Network).Reason);
    }

    [Fact]
    public void A_block_signed_for_another_network_does_not_verify_here()
    {
        var dev = AcceptedBlock.Sign(NextBlock(), 42, Validator, NetworkParameters.Dev);

        Assert.Equal(RejectReason.BadValidatorSignature, dev.Verify(Network).Reason);
        Assert.True(dev.Verify(NetworkParameters.Dev).IsValid);
    }

    [Fact]
    public void The_high_s_twin_of_a_valid_signature_is_refused()
    {
        var honest = AcceptedBlock.Sign(NextBlock(), 42, Validator, Network);
        var twin = new AcceptedBlock(honest.Block, 42, honest.Validator, Signature.ToHighS(honest.Signature));

        Assert.Equal(RejectReason.BadValidatorSignature, twin.Verify(Network).Reason);
    }

    [Fact]
    public void A_network_pinning_another_key_refuses_the_dev_validator()
    {
        using var own = KeyPair.Generate();
        var network = Network with { ValidatorKeys = [own.PublicKey] };
        var block = NextBlock();

        Assert.Equal(RejectReason.UnknownValidator, AcceptedBlock.Sign(block, 1, Validator, network).Verify(network).Reason);
        Assert.True(AcceptedBlock.Sign(block, 1, own, network).Verify(network).IsValid);
    }

    [Fact]
    public void The_wire_form_refuses_a_negative_offset_a_bad_key_and_a_short_signature()
    {
        var document = AcceptedBlock.Sign(NextBlock(), 42, Validator, Network).ToJsonDocument();

        Assert.Equal(RejectReason.Malformed, Parse(document with { NextCandidateOffset = -1 }).Reason);
        Assert.Equal(RejectReason.BadPublicKey, Parse(document with { Validator = "04" + new string('0', 10) }).Reason);
        Assert.Equal(RejectReason.Malformed, Parse(document with { Signature = document.Signature[..126] }).Reason);
        Assert.Equal(RejectReason.BadBlockHash, Parse(document with { Block = document.Block with { Hash = new string('0', 64) } }).Reason);
        Assert.Equal(RejectReason.Malformed, Parse(document with { Block = null! }).Reason);
        Assert.Contains("block.transactions[0]", Parse(document with { Block = document.Block with { Transactions = [null!] } }).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Envelopes_round_trip_through_their_wire_form() =>
        Gen.Select(Gen.Long[0, long.MaxValue], Gen.Int[0, 2]).Sample((offset, signer) =>
        {
            using var stranger = KeyPair.FromSeed([(byte)signer, 0x5A]);
            var key = signer == 0 ? Validator : stranger;
            var accepted = AcceptedBlock.Sign(NextBlock(), offset, key, Network);
            Assert.True(AcceptedBlock.TryParseJson(accepted.ToJson(), out var back, out var error), error.ToString());
            Assert.Equal(accepted.ToJson(), back.ToJson());
            Assert.Equal((accepted.Hash, accepted.NextCandidateOffset, accepted.Validator), (back.Hash, back.NextCandidateOffset, back.Validator));
            Assert.Equal(accepted.Verify(Network), back.Verify(Network));
        }, iter: 40);

    private static ValidationResult Parse(AcceptedBlockJson document)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(document, LedgerJsonContext.Default.AcceptedBlockJson);
        Assert.False(AcceptedBlock.TryParseJson(json, out var parsed, out var error));
        Assert.Null(parsed);
        return error;
    }
}
