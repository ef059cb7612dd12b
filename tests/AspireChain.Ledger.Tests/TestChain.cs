using AspireChain.Ledger;

namespace AspireChain.Ledger.Tests;

/// <summary>A chain on the test preset with a funded faucet and a fake clock, so each rule test builds one bad block and asserts its reason.</summary>
internal sealed class TestChain
{
    /// <summary>Holds every block unless <paramref name="keepBlocks"/> bounds it (rule tests read the history back).</summary>
    public TestChain(NetworkParameters? network = null, int keepBlocks = Chain.KeepAll)
    {
        Network = network ?? NetworkParameters.Test;
        Chain = new Chain(Network, keepBlocks: keepBlocks);
        Now = Network.GenesisTimestamp;
    }

    public static KeyPair Faucet { get; } = DevFaucet.CreateKeyPair();

    public static Address Miner { get; } = Address.Parse("00000000000000000000000000000000000000aa");

    public NetworkParameters Network { get; }

    public Chain Chain { get; }

    /// <summary>The fake wall clock, advanced one target block time per mined block.</summary>
    public long Now { get; private set; }

    public ulong NextNonce(KeyPair key, int pendingBefore = 0) => Chain.GetAccount(key.Address).Nonce + (ulong)pendingBefore;

    public Transaction Pay(KeyPair from, Address to, ulong amount, ulong fee = 1, ulong? nonce = null, uint? chainId = null) =>
        Transaction.Create(from, to, amount, fee, nonce ?? NextNonce(from), Now, chainId ?? Network.ChainId);

    /// <summary>A valid, mined next block holding <paramref name="transactions"/> (in order, all must apply).</summary>
    public Block NextBlock(params Transaction[] transactions)
    {
        Now += Network.TargetBlockTimeMs;
        var template = Chain.CreateTemplate(Miner, transactions, Now);
        Assert.Empty(template.Excluded);
        return Mine(template.Block);
    }

    /// <summary>A mined next block holding <paramref name="transactions"/> as given, whether or not they apply (the template's state root is kept).</summary>
    public Block NextBlockUnchecked(params Transaction[] transactions)
    {
        Now += Network.TargetBlockTimeMs;
        var template = Chain.CreateTemplate(Miner, [], Now).Block;
        return Rebuild(template, [template.Transactions[0], .. transactions]);
    }

    /// <summary>Appends a valid next block and asserts it was accepted.</summary>
    public Block Extend(params Transaction[] transactions)
    {
        var block = NextBlock(transactions);
        var result = Chain.TryAppend(block, Now);
        Assert.True(result.IsValid, result.ToString());
        return block;
    }

    /// <summary>Re-assembles a block from edited parts: recomputes the Merkle root unless told not to, then mines it.</summary>
    public static Block Rebuild(Block block, IReadOnlyList<Transaction>? transactions = null, Func<BlockHeader, BlockHeader>? edit = null, bool recomputeMerkle = true)
    {
        var txs = transactions ?? block.Transactions;
        var header = block.Header with { MerkleRoot = recomputeMerkle ? MerkleTree.ComputeRoot(txs) : block.Header.MerkleRoot };
        if (edit is not null) header = edit(header);
        return Mine(new Block(header, txs));
    }

    public static Block Mine(Block template)
    {
        var (mined, result) = ReferenceProofOfWork.Instance.Mine(template, threads: 1, CancellationToken.None);
        Assert.True(result.Found, "the test target is trivial, a nonce must be found");
        return mined!;
    }

    public ValidationResult Append(Block block) => Chain.TryAppend(block, Now);
}
