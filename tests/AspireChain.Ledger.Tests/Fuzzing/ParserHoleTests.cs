using System.Text;
using System.Text.Json.Nodes;

namespace AspireChain.Ledger.Tests.Fuzzing;

/// <summary>One test per parser hole the fuzzers found or the review of every parser turned up, each pinned to its exact reason.</summary>
public sealed class ParserHoleTests
{
    private static readonly KeyPair Alice = KeyPair.FromSeed([7, 7]);
    private static readonly Transaction Pay = Transaction.Create(Alice, Address.Parse("b0b0000000000000000000000000000000000b0b"), 10, 2, 3, 1_767_225_600_123, 7);
    private static readonly Transaction Coinbase = Transaction.CreateCoinbase(Address.Parse("b0b0000000000000000000000000000000000b0b"), 50, 1, 1_767_225_600_000, 7);
    private static readonly Block Sample = new(
        new BlockHeader(1, 1, Hash256.Zero, MerkleTree.ComputeRoot([Coinbase, Pay]), Hash256.Zero, 1_767_225_600_000, Target.FromBits(0x20FFFFFF), Coinbase.Recipient, 0),
        [Coinbase, Pay]);

    private static ValidationResult ParseBlock(string json)
    {
        Assert.False(Block.TryParseJson(Encoding.UTF8.GetBytes(json), out var block, out var error));
        Assert.Null(block);
        return error;
    }

    private static string WithTransactions(string raw)
    {
        var json = JsonNode.Parse(Sample.ToJson())!.AsObject();
        json["transactions"] = "\u0001";
        return json.ToJsonString().Replace("\"\\u0001\"", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_whose_only_transaction_is_null_is_malformed_naming_the_element()
    {
        // Was: ArgumentNullException out of Transaction.TryFromJsonDocument, crashing the Validator and every Miner.
        var error = ParseBlock(WithTransactions("[null]"));
        Assert.Equal("malformed", error.Code);
        Assert.Equal("'transactions[0]' is missing or null", error.Detail);
    }

    [Fact]
    public void A_null_transaction_after_the_coinbase_is_malformed_naming_its_index()
    {
        var error = ParseBlock(WithTransactions($"[{Encoding.UTF8.GetString(Coinbase.ToJson())},null]"));
        Assert.Equal(RejectReason.Malformed, error.Reason);
        Assert.Equal("'transactions[1]' is missing or null", error.Detail);
    }

    [Fact]
    public void A_block_document_built_in_code_with_null_parts_is_malformed_naming_the_part()
    {
        // Was: NullReferenceException (header, header.target) or ArgumentNullException (a null element) from TryFromJsonDocument.
        var document = Sample.ToJsonDocument();
        (BlockJson Document, string Field)[] cases =
        [
            (document with { Header = null! }, "header"),
            (document with { Transactions = null! }, "transactions"),
            (document with { Transactions = [document.Transactions[0], null!] }, "transactions[1]"),
            (document with { Header = document.Header with { Target = null! } }, "header.target"),
            (document with { Header = document.Header with { PreviousHash = null! } }, "header.previousHash"),
            (document with { Transactions = [document.Transactions[0] with { To = null! }] }, "transactions[0].to"),
        ];
        foreach (var (broken, field) in cases)
        {
            Assert.False(Block.TryFromJsonDocument(broken, out var block, out var error));
            Assert.Null(block);
            Assert.Equal(RejectReason.Malformed, error.Reason);
            Assert.Equal($"'{field}' is missing or null", error.Detail);
        }
        Assert.False(Block.TryFromJsonDocument(null, out _, out var nullError));
        Assert.Equal("'block' is missing or null", nullError.Detail);
    }

    [Fact]
    public void A_null_transaction_document_is_malformed_not_an_argument_exception()
    {
        Assert.False(Transaction.TryFromJsonDocument(null, out var transaction, out var error));
        Assert.Null(transaction);
        Assert.Equal(RejectReason.Malformed, error.Reason);
        Assert.Equal("'transaction' is missing or null", error.Detail);
    }

    [Fact]
    public void A_huge_unknown_property_name_gives_a_bounded_reason()
    {
        // Was: the whole name quoted in the reason, which travels on to the rejections topic and the logs.
        var json = JsonNode.Parse(Pay.ToJson())!.AsObject();
        json[new string('m', Transaction.MaxJsonBytes - 600)] = 1;
        Assert.False(Transaction.TryParseJson(Encoding.UTF8.GetBytes(json.ToJsonString()), out _, out var error));
        Assert.Equal(RejectReason.Malformed, error.Reason);
        Assert.InRange(error.Detail!.Length, 1, StrictJson.MaxDetailLength + 1);

        var block = JsonNode.Parse(Sample.ToJson())!.AsObject();
        block[new string('m', 100_000)] = 1;
        Assert.InRange(ParseBlock(block.ToJsonString()).Detail!.Length, 1, StrictJson.MaxDetailLength + 1);
    }

    [Fact]
    public void A_huge_unknown_kind_gives_a_bounded_reason()
    {
        var json = JsonNode.Parse(Pay.ToJson())!.AsObject();
        json["kind"] = new string('k', 3_000);
        Assert.False(Transaction.TryParseJson(Encoding.UTF8.GetBytes(json.ToJsonString()), out _, out var error));
        Assert.Equal(RejectReason.Malformed, error.Reason);
        Assert.StartsWith("unknown kind 'kkkk", error.Detail, StringComparison.Ordinal);
        Assert.InRange(error.Detail!.Length, 1, 64);
    }

    [Fact]
    public void Deep_nesting_is_malformed_at_the_depth_limit()
    {
        Assert.Equal(RejectReason.Malformed, ParseBlock(WithTransactions(new string('[', 10_000) + new string(']', 10_000))).Reason);
        Assert.Equal(RejectReason.Malformed, ParseBlock(WithTransactions("[" + string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000) + "]")).Reason);
    }

    [Fact]
    public void A_binary_block_names_the_transaction_that_does_not_read()
    {
        var bytes = Sample.ToBytes();
        bytes[Block.BinarySize(1)] = 9; // kind byte of transaction 1
        Assert.False(Block.TryRead(bytes, out var block, out var error));
        Assert.Null(block);
        Assert.Equal(RejectReason.Malformed, error.Reason);
        Assert.Equal("transaction 1: unknown transaction kind 9", error.Detail);
    }
}
