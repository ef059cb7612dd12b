namespace AspireChain.Ledger.Tests.Validation;

public sealed class TransactionRuleTests
{
    private static readonly NetworkParameters Network = NetworkParameters.Test;
    private static readonly KeyPair Alice = KeyPair.Generate();
    private static readonly Address Bob = Address.Parse("b0b0000000000000000000000000000000000b0b");

    private static RejectReason Stateless(Transaction tx) => TransactionValidator.ValidateStateless(tx, Network).Reason;

    [Fact]
    public void Valid_transfer_passes() => Assert.Equal(RejectReason.None, Stateless(Transaction.Create(Alice, Bob, 1, 0, 0, 0, Network.ChainId)));

    [Fact]
    public void Unexpected_coinbase() =>
        Assert.Equal(RejectReason.UnexpectedCoinbase, Stateless(Transaction.CreateCoinbase(Bob, 1, 1, 0, Network.ChainId)));

    [Fact]
    public void Bad_chain_id() => Assert.Equal(RejectReason.BadChainId, Stateless(Transaction.Create(Alice, Bob, 1, 0, 0, 0, Network.ChainId + 1)));

    [Fact]
    public void Bad_amount() => Assert.Equal(RejectReason.BadAmount, Stateless(Transaction.Create(Alice, Bob, 0, 1, 0, 0, Network.ChainId)));

    [Fact]
    public void Amount_overflow() => Assert.Equal(RejectReason.AmountOverflow, Stateless(Transaction.Create(Alice, Bob, ulong.MaxValue, 1, 0, 0, Network.ChainId)));

    [Fact]
    public void Self_transfer() => Assert.Equal(RejectReason.SelfTransfer, Stateless(Transaction.Create(Alice, Alice.Address, 1, 0, 0, 0, Network.ChainId)));

    [Fact]
    public void Bad_signature()
    {
        var tx = Transaction.Create(Alice, Bob, 1, 0, 0, 0, Network.ChainId);
        using var mallory = KeyPair.Generate();
        var stolen = Transaction.FromParts(tx.Kind, tx.ChainId, mallory.PublicKey, tx.Recipient, tx.Amount, tx.Fee, tx.Nonce, tx.Timestamp, tx.Signature);
        Assert.Equal(RejectReason.BadSignature, Stateless(stolen));
    }

    [Fact]
    public void Bad_nonce_and_insufficient_funds_against_state()
    {
        var chain = new Chain(Network);
        using var faucet = DevFaucet.CreateKeyPair();
        Assert.Equal(RejectReason.BadNonce, TransactionValidator.Validate(Transaction.Create(faucet, Bob, 1, 0, 1, 0, Network.ChainId), Network, chain.State).Reason);
        Assert.Equal(RejectReason.InsufficientFunds, TransactionValidator.Validate(Transaction.Create(Alice, Bob, 1, 0, 0, 0, Network.ChainId), Network, chain.State).Reason);
        Assert.Equal(RejectReason.None, TransactionValidator.Validate(Transaction.Create(faucet, Bob, 1, 0, 0, 0, Network.ChainId), Network, chain.State).Reason);
    }
}
