namespace AspireChain.Ledger.Tests.State;

public sealed class ChainTests
{
    private static readonly KeyPair Bob = KeyPair.Generate();

    [Fact]
    public void Genesis_credits_the_premine()
    {
        var chain = new Chain(NetworkParameters.Test);
        Assert.Equal(0UL, chain.Height);
        Assert.Equal(NetworkParameters.Test.Premine[0].Amount, chain.GetAccount(DevFaucet.Address).Balance);
        Assert.Equal(NetworkParameters.Test.Premine[0].Amount, chain.State.TotalSupply);
    }

    [Fact]
    public void Appending_moves_coins_pays_the_miner_and_indexes_everything()
    {
        var chain = new TestChain();
        var pay = chain.Pay(TestChain.Faucet, Bob.Address, 1_000, fee: 7);
        var block = chain.Extend(pay);
        Assert.Equal(1_000UL, chain.Chain.GetAccount(Bob.Address).Balance);
        Assert.Equal(chain.Network.BlockSubsidy + 7, chain.Chain.GetAccount(TestChain.Miner).Balance);
        Assert.Equal(1UL, chain.Chain.GetAccount(TestChain.Faucet.Address).Nonce);
        Assert.True(chain.Chain.ContainsRecentTransaction(pay.Id));
        Assert.Same(block, chain.Chain.GetBlock(block.Hash));
        Assert.Same(block, chain.Chain.GetBlock(1));
        Assert.True(chain.Chain.ContainsBlock(block.Hash));
    }

    [Fact]
    public void Template_excludes_what_does_not_apply_and_claims_the_fees()
    {
        var chain = new TestChain();
        var good = chain.Pay(TestChain.Faucet, Bob.Address, 10, fee: 3);
        var gap = chain.Pay(TestChain.Faucet, Bob.Address, 10, nonce: 7);
        using var stranger = KeyPair.Generate();
        var broke = chain.Pay(stranger, TestChain.Miner, 1);
        var template = chain.Chain.CreateTemplate(TestChain.Miner, [good, gap, broke], chain.Now + 1000);
        Assert.Equal([good], template.Block.Transactions.Skip(1).ToList());
        Assert.Equal(3UL, template.Fees);
        Assert.Equal(new[] { RejectReason.BadNonce, RejectReason.InsufficientFunds }, template.Excluded.Select(e => e.Reason.Reason));
        Assert.Equal(NetworkParameters.Test.Premine[0].Amount, chain.Chain.GetAccount(TestChain.Faucet.Address).Balance);
        Assert.True(chain.Chain.TryAppend(TestChain.Mine(template.Block), chain.Now + 1000).IsValid);
    }

    [Fact]
    public void Remove_tip_restores_the_previous_state()
    {
        var chain = new TestChain();
        chain.Extend(chain.Pay(TestChain.Faucet, Bob.Address, 5));
        var before = chain.Chain.State.Clone();
        var pay = chain.Pay(TestChain.Faucet, Bob.Address, 9);
        var block = chain.Extend(pay);
        Assert.Same(block, chain.Chain.RemoveTip());
        Assert.Equal(before.Accounts.OrderBy(a => a.Key.ToString()), chain.Chain.State.Accounts.OrderBy(a => a.Key.ToString()));
        Assert.Equal(before.TotalSupply, chain.Chain.State.TotalSupply);
        Assert.False(chain.Chain.ContainsRecentTransaction(pay.Id));
        Assert.Equal(1UL, chain.Chain.Height);
    }

    [Fact]
    public void Memory_holds_the_recent_window_whatever_the_length_of_history()
    {
        var chain = new TestChain(keepBlocks: 4);
        var first = chain.Pay(TestChain.Faucet, Bob.Address, 1);
        chain.Extend(first);
        for (var i = 0; i < 600; i++) chain.Extend(chain.Pay(TestChain.Faucet, Bob.Address, 1));

        Assert.Equal(601UL, chain.Chain.Height);
        Assert.Equal(4, chain.Chain.Blocks.Count());
        Assert.Equal(598UL, chain.Chain.FirstBlockHeight);
        Assert.Null(chain.Chain.GetBlock(1));
        Assert.False(chain.Chain.ContainsRecentTransaction(first.Id));
        Assert.Null(chain.Chain.GetHeader(1));
        Assert.NotNull(chain.Chain.GetHeader(chain.Chain.Height - 255));
        // A transfer confirmed long ago needs no index to be refused: its nonce is used.
        Assert.Equal(RejectReason.BadNonce, chain.Append(chain.NextBlockUnchecked(first)).Reason);
        // The tip can still be taken back, and the rules go on.
        chain.Chain.RemoveTip();
        chain.Extend(chain.Pay(TestChain.Faucet, Bob.Address, 1));
        Assert.Equal(601UL, chain.Chain.Height);
    }
}
