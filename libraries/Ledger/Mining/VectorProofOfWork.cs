using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AspireChain.Ledger;

/// <summary>
/// The fast miner: the header's bytes before the nonce's 64-byte block are compressed once per template (the midstate)
/// and so are the rounds of the final block that only read constant words; each attempt then runs the remaining rounds
/// of one compression for 8 nonces at a time in Vector256 lanes, with no allocation per attempt.
/// </summary>
public sealed class VectorProofOfWork : NonceSearch
{
    /// <summary>Shared instance (per-search state lives in its workers).</summary>
    public static VectorProofOfWork Instance { get; } = new();

    /// <summary>True when Vector256 runs in hardware; otherwise use <see cref="ReferenceProofOfWork"/>.</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <inheritdoc />
    public override string Name => "vector256";

    /// <inheritdoc />
    protected override uint ChunkSize => 8_192;

    internal override NonceWorker CreateWorker(BlockHeader template) => new Worker(template);

    // The final block starts at the last 64-byte boundary before the nonce; its words before the nonce are constant, then
    // nonce high, nonce low (per lane), padding and length. The schedule words 16..18 read words 0..3 and 9..16 only, so
    // they depend on the nonce's high word at most as long as the low word is 4 or later and not 9..16.
    private const int FinalBlockStart = BlockHeader.NonceOffset / 64 * 64;
    private const int NonceHighWord = (BlockHeader.NonceOffset - FinalBlockStart) / 4;
    private const int NonceLowWord = NonceHighWord + 1;
    private const int PrecomputedRounds = NonceHighWord;

    internal sealed class Worker : NonceWorker
    {
        private readonly uint[] _midstate = new uint[8];
        private readonly uint[] _block = new uint[64];
        private readonly uint[] _afterConstantRounds = new uint[8];
        private readonly uint[] _afterHighRound = new uint[8];
        private readonly byte[] _header = new byte[BlockHeader.Size];
        private readonly byte[] _digest = new byte[Hash256.Size];
        private readonly Hash256 _target;
        private readonly uint _targetHead;
        private uint _high;
        private bool _highReady;

        public Worker(BlockHeader template)
        {
            template.WriteTo(_header);
            _target = template.Target.Value;
            Span<byte> targetBytes = stackalloc byte[Hash256.Size];
            _target.WriteTo(targetBytes);
            _targetHead = BinaryPrimitives.ReadUInt32BigEndian(targetBytes);

            Sha256Compression.InitialState.CopyTo(_midstate);
            Span<uint> words = stackalloc uint[16];
            for (var at = 0; at < FinalBlockStart; at += 64)
            {
                Sha256Compression.ReadWords(_header.AsSpan(at, 64), words);
                Sha256Compression.Compress(_midstate, words);
            }

            Span<byte> tail = stackalloc byte[64];
            tail.Clear();
            _header.AsSpan(FinalBlockStart).CopyTo(tail);
            tail[BlockHeader.Size - FinalBlockStart] = 0x80;
            BinaryPrimitives.WriteUInt64BigEndian(tail[56..], BlockHeader.Size * 8UL);
            Sha256Compression.ReadWords(tail, _block);

            uint a = _midstate[0], b = _midstate[1], c = _midstate[2], d = _midstate[3], e = _midstate[4], f = _midstate[5], g = _midstate[6], h = _midstate[7];
            Sha256Compression.Rounds(ref a, ref b, ref c, ref d, ref e, ref f, ref g, ref h, _block, 0, PrecomputedRounds);
            (_afterConstantRounds[0], _afterConstantRounds[1], _afterConstantRounds[2], _afterConstantRounds[3]) = (a, b, c, d);
            (_afterConstantRounds[4], _afterConstantRounds[5], _afterConstantRounds[6], _afterConstantRounds[7]) = (e, f, g, h);
        }

        public override bool TrySearch(ulong start, uint count, out ulong nonce)
        {
            var next = start;
            var left = count;
            while (left > 0)
            {
                var lanes = (int)Math.Min(8u, left);
                var low = (uint)next;
                if (low > uint.MaxValue - 7)
                {
                    // The 8 lanes would straddle a change of the high word: rare, so take the exact path nonce by nonce.
                    for (var i = 0; i < lanes; i++)
                    {
                        if (MeetsTarget(next + (ulong)i))
                        {
                            nonce = next + (ulong)i;
                            return true;
                        }
                    }
                }
                else
                {
                    var candidates = Batch((uint)(next >> 32), low) & ((1u << lanes) - 1);
                    while (candidates != 0)
                    {
                        var lane = BitOperations.TrailingZeroCount(candidates);
                        if (MeetsTarget(next + (ulong)lane))
                        {
                            nonce = next + (ulong)lane;
                            return true;
                        }
                        candidates &= candidates - 1;
                    }
                }
                next += (ulong)lanes;
                left -= (uint)lanes;
            }
            nonce = 0;
            return false;
        }

        // Exact check of one nonce (the vector filter only compares the first hash word).
        private bool MeetsTarget(ulong nonce)
        {
            BinaryPrimitives.WriteUInt64BigEndian(_header.AsSpan(BlockHeader.NonceOffset), nonce);
            System.Security.Cryptography.SHA256.HashData(_header, _digest);
            return new Hash256(_digest) <= _target;
        }

        // Returns a bit per lane whose first hash word is at most the target's: a superset of the winners.
        private uint Batch(uint high, uint low)
        {
            var state = Compress8(high, low);
            var head = state.A + Vector256.Create(_midstate[0]);
            return Vector256.LessThanOrEqual(head, Vector256.Create(_targetHead)).ExtractMostSignificantBits();
        }

        /// <summary>The full hashes of nonces first..first+7 through the vector path (tests compare them with SHA-256).</summary>
        internal void HashLanes(ulong first, Span<Hash256> hashes)
        {
            var state = Compress8((uint)(first >> 32), (uint)first);
            Span<uint> words = stackalloc uint[8 * 8];
            var lanes = new[] { state.A, state.B, state.C, state.D, state.E, state.F, state.G, state.H };
            for (var word = 0; word < 8; word++)
                for (var lane = 0; lane < 8; lane++) words[lane * 8 + word] = lanes[word].GetElement(lane) + _midstate[word];
            Span<byte> digest = stackalloc byte[Hash256.Size];
            for (var lane = 0; lane < 8; lane++)
            {
                for (var word = 0; word < 8; word++) BinaryPrimitives.WriteUInt32BigEndian(digest[(4 * word)..], words[lane * 8 + word]);
                hashes[lane] = new Hash256(digest);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private LaneState Compress8(uint high, uint low)
        {
            if (!_highReady || high != _high) PrepareHigh(high);
            var block = _block;
            Span<Vector256<uint>> w = stackalloc Vector256<uint>[64];
            for (var t = 0; t < 19; t++) w[t] = Vector256.Create(block[t]); // 16..18 never read the low word: precomputed per high word
            w[NonceLowWord] = Vector256.Create(low) + Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
            for (var t = 19; t < 64; t++) w[t] = SmallSigma1(w[t - 2]) + w[t - 7] + SmallSigma0(w[t - 15]) + w[t - 16];

            var s = _afterHighRound;
            Vector256<uint> a = Vector256.Create(s[0]), b = Vector256.Create(s[1]), c = Vector256.Create(s[2]), d = Vector256.Create(s[3]);
            Vector256<uint> e = Vector256.Create(s[4]), f = Vector256.Create(s[5]), g = Vector256.Create(s[6]), h = Vector256.Create(s[7]);
            var k = Sha256Compression.K;
            for (var t = PrecomputedRounds + 1; t < 64; t++)
            {
                var t1 = h + BigSigma1(e) + Vector256.ConditionalSelect(e, f, g) + Vector256.Create(k[t]) + w[t];
                var t2 = BigSigma0(a) + Vector256.ConditionalSelect(a ^ b, c, a);
                h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
            }
            return new LaneState(a, b, c, d, e, f, g, h);
        }

        // The high word's round and the schedule words 16..18 depend only on the nonce's high word: once per 2^32 nonces.
        private void PrepareHigh(uint high)
        {
            _high = high;
            _highReady = true;
            var block = _block;
            block[NonceHighWord] = high;
            block[NonceLowWord] = 0; // lane-dependent; words 16..18 below do not read it
            block[16] = Sha256Compression.SmallSigma1(block[14]) + block[9] + Sha256Compression.SmallSigma0(block[1]) + block[0];
            block[17] = Sha256Compression.SmallSigma1(block[15]) + block[10] + Sha256Compression.SmallSigma0(block[2]) + block[1];
            block[18] = Sha256Compression.SmallSigma1(block[16]) + block[11] + Sha256Compression.SmallSigma0(block[3]) + block[2];
            var s = _afterConstantRounds;
            uint a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
            Sha256Compression.Rounds(ref a, ref b, ref c, ref d, ref e, ref f, ref g, ref h, block, PrecomputedRounds, PrecomputedRounds + 1);
            (_afterHighRound[0], _afterHighRound[1], _afterHighRound[2], _afterHighRound[3]) = (a, b, c, d);
            (_afterHighRound[4], _afterHighRound[5], _afterHighRound[6], _afterHighRound[7]) = (e, f, g, h);
        }

        private readonly record struct LaneState(
            Vector256<uint> A, Vector256<uint> B, Vector256<uint> C, Vector256<uint> D, Vector256<uint> E, Vector256<uint> F, Vector256<uint> G, Vector256<uint> H);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<uint> Rotr(Vector256<uint> x, [ConstantExpected] byte n) =>
            Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, n) : Vector256.ShiftRightLogical(x, n) | Vector256.ShiftLeft(x, 32 - n);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<uint> BigSigma0(Vector256<uint> x) => Rotr(x, 2) ^ Rotr(x, 13) ^ Rotr(x, 22);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<uint> BigSigma1(Vector256<uint> x) => Rotr(x, 6) ^ Rotr(x, 11) ^ Rotr(x, 25);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<uint> SmallSigma0(Vector256<uint> x) => Rotr(x, 7) ^ Rotr(x, 18) ^ Vector256.ShiftRightLogical(x, 3);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<uint> SmallSigma1(Vector256<uint> x) => Rotr(x, 17) ^ Rotr(x, 19) ^ Vector256.ShiftRightLogical(x, 10);
    }
}
