using AspireChain.Ledger;

namespace AspireChain.ChainQuery.Tests.Infrastructure;

/// <summary>
/// A real chain on the <c>test</c> network built with the Ledger's own rules (template, proof of work, full validation),
/// standing in for the Miner and Validator so ChainQuery can be tested alone against the broker.
/// </summary>
internal sealed class TestChain : IDisposable
{
    private readonly KeyPair _miner = KeyPair.Generate();
    private long _clock = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;

    /// <summary>The Ledger's view of the chain built so far: the reference state ChainQuery must match.</summary>
    public Chain Chain { get; } = new(Wallets.Network);

    /// <summary>The address block rewards go to.</summary>
    public Address MinerAddress => _miner.Address;

    /// <summary>Mines and appends the next block holding <paramref name="transactions"/> (all must apply).</summary>
    public Block Next(params Transaction[] transactions)
    {
        var template = Chain.CreateTemplate(_miner.Address, transactions, NextTimestamp());
        Assert.Empty(template.Excluded);
        var block = Mine(template.Block);
        var result = Chain.TryAppend(block, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.True(result.IsValid, result.ToString());
        return block;
    }

    /// <summary>A mined block at the next height whose previous hash is wrong: valid on its own, but it does not link.</summary>
    public Block Unlinked()
    {
        var height = Chain.Height + 1;
        var timestamp = NextTimestamp();
        var coinbase = Transaction.CreateCoinbase(_miner.Address, Wallets.Network.BlockSubsidy, height, timestamp, Wallets.Network.ChainId);
        var header = new BlockHeader(Wallets.Network.BlockVersion, height, Hash256.Compute("not the tip"u8), MerkleTree.ComputeRoot([coinbase]), Hash256.Zero,
            timestamp, Chain.NextTarget, _miner.Address, 0);
        return Mine(new Block(header, [coinbase]));
    }

    /// <summary>Searches nonces until the header meets its target (about one attempt on the test network).</summary>
    public static Block Mine(Block block) => CandidateForge.Mine(block);

    /// <inheritdoc />
    public void Dispose() => _miner.Dispose();

    // Strictly increasing and in the past, so the median-time-past and future-drift rules hold for the whole test.
    private long NextTimestamp() => _clock += 1_000;
}
