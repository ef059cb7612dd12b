using CsCheck;

namespace AspireChain.Ledger.Tests.Fuzzing;

/// <summary>
/// The JSON form conversion is public (API code composes documents too), so it is fuzzed on its own: document graphs
/// with nulls anywhere, including where the types say none can be, and strings that are almost, or not at all, right.
/// </summary>
public sealed class DocumentFuzzTests
{
    private static readonly TransactionJson Transfer = WireGen.Transfers.Single().ToJsonDocument();
    private static readonly TransactionJson Coinbase = WireGen.Coinbases.Single().ToJsonDocument();

    /// <summary>A valid value, null, empty, a near miss, or junk.</summary>
    private static Gen<string?> Around(string? valid) => Gen.Frequency(
        (4, Gen.Const(valid)),
        (1, Gen.Const((string?)null)),
        (1, Gen.Const((string?)string.Empty)),
        (1, Gen.Int[0, 200].Select(i => valid is { Length: > 0 } ? (string?)(valid[..(i % valid.Length)] + "g" + valid[(i % valid.Length)..]) : "g")),
        (1, Gen.String.Select(s => (string?)s)));

    private static Gen<TransactionJson?> Transactions { get; } =
        Gen.Select(Gen.Bool, Gen.Int[0, 20], Gen.ULong, Gen.ULong).SelectMany((coinbase, nullChance, amount, fee) =>
        {
            var valid = coinbase ? Coinbase : Transfer;
            return Gen.Select(Around(valid.Id), Around(valid.Kind), Around(valid.From), Around(valid.To), Around(valid.Signature))
                .Select((id, kind, from, to, signature) => nullChance == 0
                    ? null
                    : valid with { Id = id, Kind = kind, From = from, To = to!, Signature = signature, Amount = amount % 3 == 0 ? amount : valid.Amount, Fee = fee % 3 == 0 ? fee : valid.Fee });
        });

    [Fact]
    public void Transaction_documents_with_nulls_and_near_misses_get_a_typed_result() =>
        Transactions.Sample(document =>
        {
            if (!Transaction.TryFromJsonDocument(document, out var transaction, out var error))
            {
                Assert.Null(transaction);
                Assert.False(error.IsValid);
                Assert.False(string.IsNullOrEmpty(error.Detail));
                return;
            }
            RoundTrip.Transaction(transaction);
        }, iter: 3_000);

    [Fact]
    public void Block_documents_with_nulls_and_near_misses_get_a_typed_result()
    {
        var valid = WireGen.Blocks.Single().ToJsonDocument();
        var headers = Gen.Select(Around(valid.Header.PreviousHash), Around(valid.Header.MerkleRoot), Around(valid.Header.Target), Around(valid.Header.Miner), Gen.Int[0, 20])
            .Select((previous, merkle, target, miner, nullChance) => nullChance == 0
                ? null
                : valid.Header with { PreviousHash = previous!, MerkleRoot = merkle!, Target = target!, Miner = miner! });
        Gen.Select(Around(valid.Hash), headers, Transactions.Array[0, 4].Null(), Gen.Int[0, 20])
            .Select((hash, header, transactions, nullChance) => nullChance == 0
                ? null
                : new BlockJson { Hash = hash, Header = header!, Transactions = transactions! })
            .Sample(document =>
            {
                if (!Block.TryFromJsonDocument(document, out var block, out var error))
                {
                    Assert.Null(block);
                    Assert.False(error.IsValid);
                    Assert.False(string.IsNullOrEmpty(error.Detail));
                    return;
                }
                RoundTrip.Block(block);
            }, iter: 3_000);
    }
}
