using CsCheck;

namespace AspireChain.Ledger.Tests.Fuzzing;

/// <summary>
/// Well-formed transaction and block documents with fields nulled, retyped, overflowed, negated, nested deep, removed,
/// added, duplicated or with broken hex (and sometimes truncated or with garbage after): every parser answers with a
/// typed result, and whatever is accepted round-trips to the same canonical bytes.
/// </summary>
public sealed class JsonMutationFuzzTests
{
    [Fact]
    public void Mutated_transaction_documents_get_a_typed_result() =>
        MutatedJson.From(WireGen.Transactions.Select(t => t.ToJson()))
            .Sample(m => Check(LedgerParsers.TransactionJson, m), iter: 3_000, print: m => m.ToString());

    [Fact]
    public void Mutated_block_documents_get_a_typed_result() =>
        MutatedJson.From(WireGen.Blocks.Select(b => b.ToJson()))
            .Sample(m => Check(LedgerParsers.BlockJson, m), iter: 2_000, print: m => m.ToString());

    [Fact]
    public void Mutated_accepted_block_envelopes_get_a_typed_result() =>
        MutatedJson.From(WireGen.AcceptedBlocks.Select(a => a.ToJson()))
            .Sample(m => Check(LedgerParsers.AcceptedBlockJson, m), iter: 1_000, print: m => m.ToString());

    [Fact]
    public void Unmutated_documents_are_accepted_and_round_trip()
    {
        WireGen.Transactions.Sample(t =>
        {
            Assert.True(LedgerParsers.AssertTotal(LedgerParsers.TransactionJson, t.ToJson()).IsValid);
            Assert.True(LedgerParsers.AssertTotal(LedgerParsers.TransactionBinary, t.ToBytes()).IsValid);
        }, iter: 500);
        WireGen.Blocks.Sample(b =>
        {
            Assert.True(LedgerParsers.AssertTotal(LedgerParsers.BlockJson, b.ToJson()).IsValid);
            Assert.True(LedgerParsers.AssertTotal(LedgerParsers.BlockBinary, b.ToBytes()).IsValid);
        }, iter: 300);
        WireGen.AcceptedBlocks.Sample(a => Assert.True(LedgerParsers.AssertTotal(LedgerParsers.AcceptedBlockJson, a.ToJson()).IsValid), iter: 200);
    }

    private static void Check(LedgerParser aimedAt, MutatedJson mutated)
    {
        var input = mutated.Encode();
        LedgerParsers.AssertTotal(aimedAt, input);
        LedgerParsers.AssertTotal(aimedAt == LedgerParsers.BlockJson ? LedgerParsers.TransactionJson : LedgerParsers.BlockJson, input);
        LedgerParsers.AssertTotal(LedgerParsers.AcceptedBlockJson, input);
    }
}
