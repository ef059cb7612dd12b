using CsCheck;

namespace AspireChain.Ledger.Tests.Mining;

/// <summary>The fast miner must agree with plain SHA-256 hash for hash, including across the nonce's high-word boundary.</summary>
public sealed class VectorProofOfWorkTests
{
    private static readonly Gen<BlockHeader> Headers =
        from version in Gen.UInt
        from height in Gen.ULong
        from previous in Gen.Byte.Array[32]
        from root in Gen.Byte.Array[32]
        from state in Gen.Byte.Array[32]
        from timestamp in Gen.Long
        from exponent in Gen.Int[4, 32]
        from mantissa in Gen.UInt[0x010000, 0xFFFFFF]
        from miner in Gen.Byte.Array[20]
        select new BlockHeader(version, height, new Hash256(previous), new Hash256(root), new Hash256(state), timestamp,
            Target.FromValue(new System.Numerics.BigInteger(mantissa) << (8 * (exponent - 3))), new Address(miner), 0);

    [Fact]
    public void Midstate_compression_matches_sha256()
    {
        Gen.Byte.Array[64].Sample(block =>
        {
            Span<uint> state = stackalloc uint[8];
            Sha256Compression.InitialState.CopyTo(state);
            Span<uint> words = stackalloc uint[16];
            Sha256Compression.ReadWords(block, words);
            Sha256Compression.Compress(state, words);
            Span<byte> padding = stackalloc byte[64];
            padding.Clear();
            padding[0] = 0x80;
            padding[62] = 0x02; // 512 bits
            Sha256Compression.ReadWords(padding, words);
            Sha256Compression.Compress(state, words);
            var expected = Hash256.Compute(block).ToArray();
            for (var i = 0; i < 8; i++) Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(expected.AsSpan(4 * i)), state[i]);
        }, iter: 200);
    }

    [Fact]
    public void Vector_lanes_hash_exactly_like_sha256()
    {
        if (!VectorProofOfWork.IsSupported) return;
        Gen.Select(Headers, Gen.ULong).Sample((header, first) =>
        {
            first &= ~7UL;
            if ((uint)first > uint.MaxValue - 7) first -= 8;
            var worker = (VectorProofOfWork.Worker)VectorProofOfWork.Instance.CreateWorker(header);
            Span<Hash256> hashes = stackalloc Hash256[8];
            worker.HashLanes(first, hashes);
            for (var lane = 0; lane < 8; lane++)
                Assert.Equal((header with { Nonce = first + (ulong)lane }).ComputeHash(), hashes[lane]);
        }, iter: 300);
    }

    [Fact]
    public void Search_across_the_high_word_boundary_finds_the_same_first_nonce_as_the_reference()
    {
        var header = new BlockHeader(1, 9, Hash256.Compute("p"u8), Hash256.Compute("m"u8), Hash256.Compute("s"u8), 5, Target.FromExpectedAttempts(16), Address.Zero, 0);
        const ulong start = 0xFFFF_FFF0UL;
        var reference = ReferenceProofOfWork.Instance.Search(header, start, 4_096, 1, CancellationToken.None);
        var fast = VectorProofOfWork.Instance.Search(header, start, 4_096, 1, CancellationToken.None);
        Assert.True(reference.Found);
        Assert.Equal(reference.Nonce, fast.Nonce);
        Assert.Equal(reference.Attempts, fast.Attempts);
    }

    [Fact]
    public void Both_miners_find_the_same_first_nonce_for_many_templates()
    {
        Headers.Sample(header =>
        {
            var template = header with { Target = Target.FromExpectedAttempts(64) };
            var reference = ReferenceProofOfWork.Instance.Search(template, 3, 100_000, 1, CancellationToken.None);
            var fast = VectorProofOfWork.Instance.Search(template, 3, 100_000, 1, CancellationToken.None);
            Assert.Equal(reference.Outcome, fast.Outcome);
            Assert.Equal(reference.Nonce, fast.Nonce);
        }, iter: 100);
    }
}
