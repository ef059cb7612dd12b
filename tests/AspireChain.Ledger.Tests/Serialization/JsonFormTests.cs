using System.Text;
using System.Text.Json.Nodes;

namespace AspireChain.Ledger.Tests.Serialization;

public sealed class JsonFormTests
{
    private static readonly KeyPair Alice = KeyPair.Generate();
    private static readonly Transaction Pay = Transaction.Create(Alice, Address.Parse("b0b0000000000000000000000000000000000b0b"), 10, 2, 3, 1_767_225_600_123, 7);

    private static JsonObject PayJson() => JsonNode.Parse(Pay.ToJson())!.AsObject();

    private static ValidationResult Parse(string json)
    {
        Assert.False(Transaction.TryParseJson(Encoding.UTF8.GetBytes(json), out _, out var error));
        return error;
    }

    [Fact]
    public void Transaction_json_round_trips_with_camel_case_fields()
    {
        var json = PayJson();
        Assert.Equal(Pay.Id.ToString(), (string?)json["id"]);
        Assert.Equal(Pay.Sender!.ToString(), (string?)json["from"]);
        Assert.Equal(10UL, (ulong)json["amount"]!);
        var copy = Transaction.ParseJson(Pay.ToJson());
        Assert.Equal(Pay.ToBytes(), copy.ToBytes());
        Assert.True(copy.VerifySignature());
    }

    [Fact]
    public void Id_is_optional_on_input()
    {
        var json = PayJson();
        json.Remove("id");
        Assert.Equal(Pay.Id, Transaction.ParseJson(Encoding.UTF8.GetBytes(json.ToJsonString())).Id);
    }

    [Fact]
    public void Unknown_field_is_malformed()
    {
        var json = PayJson();
        json["memo"] = "hi";
        Assert.Equal(RejectReason.Malformed, Parse(json.ToJsonString()).Reason);
    }

    [Fact]
    public void Missing_required_field_is_malformed()
    {
        var json = PayJson();
        json.Remove("amount");
        Assert.Equal(RejectReason.Malformed, Parse(json.ToJsonString()).Reason);
    }

    [Fact]
    public void Duplicate_field_is_malformed()
    {
        var text = Encoding.UTF8.GetString(Pay.ToJson());
        Assert.Equal(RejectReason.Malformed, Parse(text.Replace("\"fee\":2", "\"fee\":2,\"fee\":0", StringComparison.Ordinal)).Reason);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("")]
    public void Broken_json_is_malformed(string text) => Assert.Equal(RejectReason.Malformed, Parse(text).Reason);

    [Fact]
    public void Amount_as_string_or_negative_is_malformed()
    {
        var json = PayJson();
        json["amount"] = "10";
        Assert.Equal(RejectReason.Malformed, Parse(json.ToJsonString()).Reason);
        json["amount"] = -1;
        Assert.Equal(RejectReason.Malformed, Parse(json.ToJsonString()).Reason);
    }

    [Fact]
    public void Oversize_is_refused_before_parsing() =>
        Assert.Equal(RejectReason.Oversize, Parse(new string(' ', Transaction.MaxJsonBytes + 1)).Reason);

    [Fact]
    public void Bad_public_key()
    {
        var json = PayJson();
        json["from"] = "02" + new string('1', 64);
        Assert.Equal(RejectReason.BadPublicKey, Parse(json.ToJsonString()).Reason);
    }

    [Fact]
    public void Bad_txid()
    {
        var json = PayJson();
        json["id"] = new string('0', 64);
        Assert.Equal(RejectReason.BadTxId, Parse(json.ToJsonString()).Reason);
    }

    [Fact]
    public void Bad_hex_signature_is_malformed()
    {
        var json = PayJson();
        json["signature"] = "xyz";
        Assert.Equal(RejectReason.Malformed, Parse(json.ToJsonString()).Reason);
    }

    [Fact]
    public void Coinbase_json_round_trips_without_sender_or_signature()
    {
        var coinbase = Transaction.CreateCoinbase(Address.Parse("b0b0000000000000000000000000000000000b0b"), 50, 3, 0, 7);
        var json = JsonNode.Parse(coinbase.ToJson())!.AsObject();
        Assert.False(json.ContainsKey("from"));
        Assert.False(json.ContainsKey("signature"));
        Assert.Equal(coinbase.Id, Transaction.ParseJson(coinbase.ToJson()).Id);
    }

    [Fact]
    public void Block_json_reports_bad_block_hash_and_bad_target()
    {
        var chain = new TestChain();
        var block = chain.NextBlock();
        var json = JsonNode.Parse(block.ToJson())!.AsObject();
        json["hash"] = new string('0', 64);
        Assert.False(Block.TryParseJson(Encoding.UTF8.GetBytes(json.ToJsonString()), out _, out var hashError));
        Assert.Equal(RejectReason.BadBlockHash, hashError.Reason);

        json = JsonNode.Parse(block.ToJson())!.AsObject();
        json["header"]!["target"] = "2100ffff"; // same value as 0x20ffff00 but not canonical
        Assert.False(Block.TryParseJson(Encoding.UTF8.GetBytes(json.ToJsonString()), out _, out var targetError));
        Assert.Equal(RejectReason.BadTarget, targetError.Reason);
    }

    [Fact]
    public void Block_json_reports_which_transaction_is_malformed()
    {
        var chain = new TestChain();
        var block = chain.NextBlock(chain.Pay(TestChain.Faucet, Alice.Address, 1));
        var json = JsonNode.Parse(block.ToJson())!.AsObject();
        json["transactions"]![1]!["to"] = "nope";
        Assert.False(Block.TryParseJson(Encoding.UTF8.GetBytes(json.ToJsonString()), out _, out var error));
        Assert.Equal(RejectReason.Malformed, error.Reason);
        Assert.StartsWith("transaction 1:", error.Detail, StringComparison.Ordinal);
        Assert.Throws<LedgerFormatException>(() => Block.ParseJson(Encoding.UTF8.GetBytes(json.ToJsonString())));
    }
}
