namespace AspireChain.Ledger.Tests.Transactions;

public sealed class TransactionTests
{
    private static readonly Address Bob = Address.Parse("b0b0000000000000000000000000000000000b0b");

    [Fact]
    public void Coinbase_id_is_pinned()
    {
        // Expected: SHA-256 of the 186 hand-assembled canonical bytes, computed outside .NET (python hashlib).
        var coinbase = Transaction.CreateCoinbase(Address.Parse("1111111111111111111111111111111111111111"), 5_000_000_000, 7, 1_767_225_600_000, 0xAC0002);
        Assert.Equal("161d27bedba9f60b8727329f8a15c9b2e47fa25ca93657d2578a2b7afea36aea", coinbase.Id.ToString());
        Assert.Equal(Transaction.SignedSize, coinbase.ToBytes().Length);
    }

    [Fact]
    public void Signed_transfer_verifies_and_its_id_is_the_hash_of_its_bytes()
    {
        using var alice = KeyPair.Generate();
        var tx = Transaction.Create(alice, Bob, 10, 1, 0, 123, 5);
        Assert.True(tx.VerifySignature());
        Assert.Equal(Hash256.Compute(tx.ToBytes()), tx.Id);
        Assert.Equal(alice.Address, tx.SenderAddress);
    }

    [Fact]
    public void Binary_form_round_trips()
    {
        using var alice = KeyPair.Generate();
        var tx = Transaction.Create(alice, Bob, ulong.MaxValue - 1, 7, 42, -5, 9);
        Assert.True(Transaction.TryRead(tx.ToBytes(), out var copy, out var error), error.ToString());
        Assert.Equal(tx.Id, copy.Id);
        Assert.Equal(tx.ToBytes(), copy.ToBytes());
        Assert.True(copy.VerifySignature());
    }

    [Fact]
    public void Binary_form_rejects_wrong_length_and_unknown_kind()
    {
        using var alice = KeyPair.Generate();
        var bytes = Transaction.Create(alice, Bob, 1, 0, 0, 0, 1).ToBytes();
        Assert.False(Transaction.TryRead(bytes.AsSpan(1), out _, out var shortError));
        Assert.Equal(RejectReason.Malformed, shortError.Reason);
        bytes[0] = 9;
        Assert.False(Transaction.TryRead(bytes, out _, out var kindError));
        Assert.Equal(RejectReason.Malformed, kindError.Reason);
    }

    [Fact]
    public void Binary_form_rejects_a_sender_key_that_is_not_uncompressed()
    {
        using var alice = KeyPair.Generate();
        var bytes = Transaction.Create(alice, Bob, 1, 0, 0, 0, 1).ToBytes();
        bytes[5] = 0x02;
        Assert.False(Transaction.TryRead(bytes, out _, out var error));
        Assert.Equal(RejectReason.BadPublicKey, error.Reason);
    }

    [Fact]
    public void Changing_any_signed_field_breaks_the_signature()
    {
        using var alice = KeyPair.Generate();
        var tx = Transaction.Create(alice, Bob, 10, 1, 0, 123, 5);
        var forged = Transaction.FromParts(tx.Kind, tx.ChainId, tx.Sender, tx.Recipient, tx.Amount + 1, tx.Fee, tx.Nonce, tx.Timestamp, tx.Signature);
        Assert.False(forged.VerifySignature());
        Assert.NotEqual(tx.Id, forged.Id);
    }
}
