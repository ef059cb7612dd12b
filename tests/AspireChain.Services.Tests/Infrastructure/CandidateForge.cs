using AspireChain.Ledger;

namespace AspireChain.Services.Tests.Infrastructure;

/// <summary>
/// Builds candidate blocks on top of a local copy of the chain, valid or broken in exactly one way, and mines them
/// (test difficulty: about one hash), so each Validator rule can be exercised with one bad block.
/// </summary>
internal sealed class CandidateForge
{
    private static readonly Address Miner = new(Enumerable.Repeat((byte)0x4d, Address.Size).ToArray());

    public CandidateForge() => Chain = new Chain(Network);

    public static NetworkParameters Network => NetworkParameters.Test;

    /// <summary>The chain the forge builds on (append what the Validator accepted to keep in step).</summary>
    public Chain Chain { get; }

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>A valid next block holding <paramref name="transactions"/>, mined.</summary>
    public Block Valid(params Transaction[] transactions)
    {
        var template = Chain.CreateTemplate(Miner, transactions, Now);
        Assert.Empty(template.Excluded);
        return Mine(template.Block);
    }

    /// <summary>The next block with exactly <paramref name="transfers"/> (no filtering), coinbase and Merkle root made to match, mined.</summary>
    public Block Raw(IReadOnlyList<Transaction> transfers, Func<BlockHeader, BlockHeader>? tamper = null)
    {
        var height = Chain.Height + 1;
        var timestamp = Math.Max(Now, Chain.MedianTimePast + 1);
        var fees = transfers.Aggregate(0UL, (sum, t) => sum + t.Fee);
        var body = new List<Transaction> { Transaction.CreateCoinbase(Miner, Network.BlockSubsidy + fees, height, timestamp, Network.ChainId) };
        body.AddRange(transfers);
        var header = new BlockHeader(Network.BlockVersion, height, Chain.TipHash, MerkleTree.ComputeRoot(body), timestamp, Chain.NextTarget, Miner, 0);
        return Mine(new Block(tamper is null ? header : tamper(header), body));
    }

    /// <summary>Appends a block the Validator accepted, so the next forged block extends it.</summary>
    public void Accept(Block block) => Assert.True(Chain.TryAppend(block, Now).IsValid);

    /// <summary>Searches a nonce meeting the header's own target (whatever it is).</summary>
    public static Block Mine(Block template)
    {
        var (block, result) = ReferenceProofOfWork.Instance.Mine(template, 1, CancellationToken.None);
        Assert.True(result.Found, "the test target is trivial");
        return block!;
    }

    /// <summary>A faucet transfer to a fresh address.</summary>
    public static Transaction FaucetTransfer(ulong nonce, ulong amount = 1_000, ulong fee = 1, Address? to = null)
    {
        using var faucet = DevFaucet.CreateKeyPair();
        var recipient = to ?? new Address(System.Security.Cryptography.RandomNumberGenerator.GetBytes(Address.Size));
        return Transaction.Create(faucet, recipient, amount, fee, nonce, Now, Network.ChainId);
    }
}
