using CsCheck;

namespace AspireChain.Ledger.Tests.Fuzzing;

/// <summary>Valid canonical (binary) encodings truncated, extended, or with bits flipped: a typed refusal or a value that re-encodes to the same bytes.</summary>
public sealed class CanonicalMutationFuzzTests
{
    /// <summary>What is done to the bytes: cut short, grown, bits flipped, or a byte overwritten.</summary>
    private static Gen<byte[]> Mutate(Gen<byte[]> canonical) =>
        Gen.Select(canonical, Gen.Int[0, 3], Gen.Int[0, int.MaxValue].Array[1, 4], Gen.Byte.Array[1, 8]).Select((bytes, how, positions, values) =>
        {
            switch (how)
            {
                case 0:
                    return bytes[..(positions[0] % (bytes.Length + 1))];
                case 1:
                    return [.. bytes, .. values];
                case 2:
                    var flipped = (byte[])bytes.Clone();
                    foreach (var p in positions) flipped[p % flipped.Length] ^= (byte)(1 << (p / flipped.Length % 8));
                    return flipped;
                default:
                    var overwritten = (byte[])bytes.Clone();
                    for (var i = 0; i < positions.Length; i++) overwritten[positions[i] % overwritten.Length] = values[i % values.Length];
                    return overwritten;
            }
        });

    [Fact]
    public void Mutated_canonical_transactions_get_a_typed_result() =>
        Mutate(WireGen.Transactions.Select(t => t.ToBytes())).Sample(LedgerParsers.AssertTotal, iter: 3_000, print: LedgerParsers.Show);

    [Fact]
    public void Mutated_canonical_blocks_get_a_typed_result() =>
        Mutate(WireGen.Blocks.Select(b => b.ToBytes())).Sample(LedgerParsers.AssertTotal, iter: 2_000, print: LedgerParsers.Show);

    [Fact]
    public void Mutated_canonical_headers_get_a_typed_result() =>
        Mutate(WireGen.Headers.Select(h => h.ToBytes())).Sample(LedgerParsers.AssertTotal, iter: 3_000, print: LedgerParsers.Show);

    [Fact]
    public void Block_counts_that_disagree_with_the_length_are_malformed()
    {
        // The 4-byte transaction count is the one length field: any value but the true one must be refused, never allocated.
        Gen.Select(WireGen.Blocks, Gen.Int).Sample((block, count) =>
        {
            if (count == block.Transactions.Count) return;
            var bytes = block.ToBytes();
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(BlockHeader.Size), count);
            Assert.Equal(RejectReason.Malformed, LedgerParsers.AssertTotal(LedgerParsers.BlockBinary, bytes).Reason);
        }, iter: 1_000);
    }
}
