using System.Text;
using CsCheck;

namespace AspireChain.Ledger.Tests.Fuzzing;

/// <summary>Random bytes, and random bytes shaped like the lengths and alphabets the parsers expect, never crash a parser.</summary>
public sealed class ArbitraryBytesFuzzTests
{
    [Fact]
    public void Arbitrary_bytes_get_a_typed_result_from_every_parser() =>
        Gen.Byte.Array[0, 600].Sample(LedgerParsers.AssertTotal, iter: 10_000, print: LedgerParsers.Show);

    [Fact]
    public void Bytes_of_the_canonical_lengths_get_a_typed_result_from_every_parser()
    {
        int[] lengths = [4, BlockHeader.Size, PublicKey.Size, Transaction.SignedSize, Block.BinarySize(0), Block.BinarySize(1), Block.BinarySize(2), 40, 64, 128, 130];
        Gen.Int[0, lengths.Length - 1].SelectMany(i => Gen.Byte.Array[lengths[i]])
            .Sample(LedgerParsers.AssertTotal, iter: 5_000, print: LedgerParsers.Show);
    }

    [Fact]
    public void Hex_like_strings_get_a_typed_result_from_every_parser()
    {
        // Mostly hex digits at the expected lengths, with the odd foreign character, so the hex parsers get past the length check.
        var alphabet = Gen.Frequency((30, Gen.Char["0123456789abcdefABCDEF"]), (1, Gen.Char), (1, Gen.Char["gG xX-+\u00e9\u0000"]));
        var lengths = Gen.OneOf(Gen.Const(40), Gen.Const(64), Gen.Const(130), Gen.Const(8), Gen.Int[0, 140]);
        lengths.SelectMany(n => alphabet.Array[n]).Select(chars => Encoding.UTF8.GetBytes(chars))
            .Sample(LedgerParsers.AssertTotal, iter: 5_000, print: LedgerParsers.Show);
    }

    [Fact]
    public void Json_shaped_noise_gets_a_typed_result_from_every_parser()
    {
        // Tokens of the wire forms in random order: gets further into the JSON reader than uniform bytes do.
        string[] tokens = ["{", "}", "[", "]", ",", ":", "null", "true", "0", "-1", "18446744073709551616", "1e400", "\"\"", "\"header\"", "\"transactions\"",
            "\"to\"", "\"amount\"", "\"kind\"", "\"coinbase\"", "\"from\"", "\"signature\"", "\"id\"", "\"hash\"", "\"target\"", "\"block\"", "\"nextCandidateOffset\"", "\"validator\"", "\"\\u0000\"", " "];
        Gen.Int[0, tokens.Length - 1].Array[0, 80].Select(picks => Encoding.UTF8.GetBytes(string.Concat(picks.Select(i => tokens[i]))))
            .Sample(LedgerParsers.AssertTotal, iter: 5_000, print: LedgerParsers.Show);
    }
}
