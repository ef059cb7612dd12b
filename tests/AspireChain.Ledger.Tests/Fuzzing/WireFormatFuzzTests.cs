using System.Buffers.Binary;
using CsCheck;

namespace AspireChain.Ledger.Tests.Fuzzing;

/// <summary>
/// The binary Kafka record values: every generated value round-trips byte for byte, and any byte string (random,
/// a valid value cut, grown or flipped, or a lying count) gets a typed result from each reader, never an exception.
/// </summary>
public sealed class WireFormatFuzzTests
{
    [Fact]
    public void Transactions_round_trip_through_the_wire_form() =>
        WireGen.Transactions.Sample(t =>
        {
            var wire = t.ToWire();
            Assert.Equal(Transaction.WireSize, wire.Length);
            Assert.Equal(WireFormat.TransactionV1, wire[0]);
            Assert.Equal(t.ToBytes(), wire[1..]);
            Assert.True(LedgerParsers.AssertTotal(LedgerParsers.TransactionWire, wire).IsValid);
            Assert.Equal(t.Id, Transaction.ParseWire(wire).Id);
        }, iter: 500);

    [Fact]
    public void Blocks_round_trip_through_the_wire_form() =>
        WireGen.Blocks.Sample(b =>
        {
            var wire = b.ToWire();
            Assert.Equal(b.WireSize, wire.Length);
            Assert.Equal(WireFormat.BlockV1, wire[0]);
            Assert.Equal(b.ToBytes(), wire[1..]);
            Assert.True(LedgerParsers.AssertTotal(LedgerParsers.BlockWire, wire).IsValid);
            var back = Block.ParseWire(wire);
            Assert.Equal(b.Hash, back.Hash);
            Assert.Equal(b.Transactions.Select(t => t.Id), back.Transactions.Select(t => t.Id));
        }, iter: 300);

    [Fact]
    public void Accepted_blocks_round_trip_through_the_wire_form_and_keep_their_signature() =>
        WireGen.AcceptedBlocks.Sample(a =>
        {
            var wire = a.ToWire();
            Assert.Equal(a.WireSize, wire.Length);
            Assert.Equal(WireFormat.AcceptedBlockV1, wire[0]);
            Assert.True(LedgerParsers.AssertTotal(LedgerParsers.AcceptedBlockWire, wire).IsValid);
            var back = AcceptedBlock.ParseWire(wire);
            Assert.Equal(a.Verify(NetworkParameters.Test), back.Verify(NetworkParameters.Test));
            Assert.Equal(a.ToJson(), back.ToJson());
        }, iter: 200);

    [Fact]
    public void Any_bytes_after_each_format_byte_get_a_typed_result_from_every_parser()
    {
        // Uniform bytes rarely start with a format byte: these do, so the readers get past the first check.
        byte[] formats = [WireFormat.TransactionV1, WireFormat.BlockV1, WireFormat.AcceptedBlockV1];
        Gen.Select(Gen.Int[0, formats.Length - 1], Gen.Byte.Array[0, 800]).Select((f, rest) => (byte[])[formats[f], .. rest])
            .Sample(LedgerParsers.AssertTotal, iter: 5_000, print: LedgerParsers.Show);
    }

    [Fact]
    public void Mutated_wire_values_get_a_typed_result_from_every_parser()
    {
        var values = Gen.OneOf(WireGen.Transactions.Select(t => t.ToWire()), WireGen.Blocks.Select(b => b.ToWire()), WireGen.AcceptedBlocks.Select(a => a.ToWire()));
        Gen.Select(values, Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Byte.Array[1, 8]).Select((bytes, how, position, extra) => how switch
        {
            0 => bytes[..(position % bytes.Length)],
            1 => [.. bytes, .. extra],
            _ => Flip(bytes, position),
        }).Sample(LedgerParsers.AssertTotal, iter: 3_000, print: LedgerParsers.Show);
    }

    [Fact]
    public void A_count_other_than_the_true_one_is_malformed_and_never_allocated()
    {
        Gen.Select(WireGen.AcceptedBlocks, Gen.UInt).Sample((accepted, count) =>
        {
            if (count == accepted.Block.Transactions.Count) return;
            var block = accepted.Block.ToWire();
            BinaryPrimitives.WriteUInt32BigEndian(block.AsSpan(1 + BlockHeader.Size), count);
            Assert.Equal(RejectReason.Malformed, LedgerParsers.AssertTotal(LedgerParsers.BlockWire, block).Reason);
            var envelope = accepted.ToWire();
            BinaryPrimitives.WriteUInt32BigEndian(envelope.AsSpan(1 + BlockHeader.Size), count);
            Assert.Equal(RejectReason.Malformed, LedgerParsers.AssertTotal(LedgerParsers.AcceptedBlockWire, envelope).Reason);
        }, iter: 1_000);
    }

    [Fact]
    public void A_true_count_above_the_limit_is_bad_block_length_in_both_values()
    {
        var block = TestChain.Rebuild(new Chain(NetworkParameters.Test).CreateTemplate(TestChain.Miner, [], NetworkParameters.Test.GenesisTimestamp + 1).Block, [.. WireGen.Transfers.Array[3].Single()]);
        Assert.True(Block.TryReadWire(block.ToWire(), block.Transactions.Count, out _, out _));
        Assert.False(Block.TryReadWire(block.ToWire(), block.Transactions.Count - 1, out _, out var error));
        Assert.Equal((RejectReason.BadBlockLength, $"{block.Transactions.Count} transactions, limit {block.Transactions.Count - 1}"), (error.Reason, error.Detail));
        var accepted = AcceptedBlock.Sign(block, 7, DevValidator.CreateKeyPair(), NetworkParameters.Test);
        Assert.False(AcceptedBlock.TryReadWire(accepted.ToWire(), block.Transactions.Count - 1, out _, out error));
        Assert.Equal(RejectReason.BadBlockLength, error.Reason);
    }

    [Fact]
    public void Each_value_refuses_the_others_and_json_by_name()
    {
        var transfer = WireGen.Transfers.Single();
        var block = WireGen.Blocks.Single();
        var accepted = WireGen.AcceptedBlocks.Single();
        Assert.Contains("another kind of value", Refusal(Transaction.TryReadWire(block.ToWire(), out _, out var e1), e1), StringComparison.Ordinal);
        Assert.Contains("another kind of value", Refusal(Block.TryReadWire(accepted.ToWire(), out _, out var e2), e2), StringComparison.Ordinal);
        Assert.Contains("another kind of value", Refusal(AcceptedBlock.TryReadWire(transfer.ToWire(), out _, out var e3), e3), StringComparison.Ordinal);
        Assert.Contains("a JSON value", Refusal(Transaction.TryReadWire(transfer.ToJson(), out _, out var e4), e4), StringComparison.Ordinal);
        Assert.Contains("a JSON value", Refusal(Block.TryReadWire(block.ToJson(), out _, out var e5), e5), StringComparison.Ordinal);
        Assert.Contains("a JSON value", Refusal(AcceptedBlock.TryReadWire(accepted.ToJson(), out _, out var e6), e6), StringComparison.Ordinal);
        Assert.Contains("unknown format byte 0x7f", Refusal(Block.TryReadWire([0x7F, .. block.ToBytes()], out _, out var e7), e7), StringComparison.Ordinal);
        Assert.Contains("empty", Refusal(AcceptedBlock.TryReadWire([], out _, out var e8), e8), StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_offset_or_a_bad_validator_key_in_an_envelope_is_refused_by_name()
    {
        var accepted = WireGen.AcceptedBlocks.Single();
        var wire = accepted.ToWire();
        var trailer = wire.Length - 8 - PublicKey.Size - Signature.Size;
        var negative = (byte[])wire.Clone();
        BinaryPrimitives.WriteInt64BigEndian(negative.AsSpan(trailer), -1);
        Assert.False(AcceptedBlock.TryReadWire(negative, out _, out var offsetError));
        Assert.Equal((RejectReason.Malformed, "next candidate offset -1 is negative"), (offsetError.Reason, offsetError.Detail));
        var compressed = (byte[])wire.Clone();
        compressed[trailer + 8] = 0x02;
        Assert.False(AcceptedBlock.TryReadWire(compressed, out _, out var keyError));
        Assert.Equal(RejectReason.BadPublicKey, keyError.Reason);
    }

    private static string Refusal(bool parsed, ValidationResult error)
    {
        Assert.False(parsed);
        Assert.Equal(RejectReason.Malformed, error.Reason);
        return error.Detail!;
    }

    private static byte[] Flip(byte[] bytes, int position)
    {
        var flipped = (byte[])bytes.Clone();
        flipped[position % flipped.Length] ^= (byte)(1 << (position / flipped.Length % 8));
        return flipped;
    }
}
