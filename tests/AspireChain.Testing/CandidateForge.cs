using System.Globalization;
using AspireChain.Contracts.Kafka;
using AspireChain.Ledger;
using Confluent.Kafka;
using Xunit;

namespace AspireChain.Testing;

/// <summary>
/// Builds candidate blocks as a miner would, valid or broken in exactly one way, and mines them, so each Validator rule
/// can be exercised with one bad block: on a local copy of the chain (an instance, the <c>test</c> network) or on top of
/// any chain a test keeps in step with the system (the static forgeries a dishonest miner would publish).
/// </summary>
public sealed class CandidateForge
{
    private static readonly Address Miner = new(Enumerable.Repeat((byte)0x4d, Address.Size).ToArray());
    private static readonly Address Forger = new(Enumerable.Repeat((byte)0xF0, Address.Size).ToArray());

    /// <summary>Starts a local chain at genesis on <see cref="Network"/>.</summary>
    public CandidateForge() => Chain = new Chain(Network, keepBlocks: Chain.KeepAll);

    /// <summary>The network a local chain runs (trivial difficulty: about one hash per block).</summary>
    public static NetworkParameters Network => TestNetwork.Parameters;

    /// <summary>The chain the forge builds on (append what the Validator accepted to keep in step).</summary>
    public Chain Chain { get; }

    /// <summary>The wall clock in Unix milliseconds, as block timestamps are.</summary>
    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>A valid next block holding <paramref name="transactions"/>, mined.</summary>
    public Block Valid(params Transaction[] transactions)
    {
        var template = Chain.CreateTemplate(Miner, transactions, Now);
        Assert.Empty(template.Excluded);
        return Mine(template.Block);
    }

    /// <summary>The next block with exactly <paramref name="transfers"/> (no filtering), coinbase and Merkle root made to match, mined.</summary>
    public Block Raw(IReadOnlyList<Transaction> transfers, Func<BlockHeader, BlockHeader>? tamper = null) => Rebuild(Chain, Miner, transfers, tamper);

    /// <summary>Appends a block the Validator accepted, so the next forged block extends it.</summary>
    public void Accept(Block block) => Assert.True(Chain.TryAppend(block, Now).IsValid);

    /// <summary>Searches a nonce meeting the header's own target (whatever it is), after <paramref name="edit"/> of the header.</summary>
    public static Block Mine(Block template, Func<BlockHeader, BlockHeader>? edit = null)
    {
        var edited = edit is null ? template : new Block(edit(template.Header), template.Transactions);
        var (block, result) = ReferenceProofOfWork.Instance.Mine(edited, 1, CancellationToken.None);
        Assert.True(result.Found, "the test network's target is trivial");
        return block!;
    }

    /// <summary>A faucet transfer to <paramref name="to"/>, or to a fresh address.</summary>
    public static Transaction FaucetTransfer(ulong nonce, ulong amount = 1_000, ulong fee = 1, Address? to = null) =>
        Wallets.FromFaucet(nonce, amount, fee, to);

    /// <summary>A block whose hash misses its (correct) target: the first nonce that fails it (nearly every one when blocks take thousands of hashes).</summary>
    public static Block HighHash(Chain chain)
    {
        var template = Template(chain);
        for (var nonce = 0UL; ; nonce++)
        {
            var candidate = template.WithNonce(nonce);
            if (!candidate.Header.Target.IsMetBy(candidate.Hash))
            {
                return candidate;
            }
        }
    }

    /// <summary>A mined block whose header commits to a Merkle root its transactions do not have.</summary>
    public static Block BadMerkleRoot(Chain chain)
    {
        var template = Template(chain);
        var wrongRoot = Hash256.Compute(template.Header.MerkleRoot.ToArray());
        return Mine(new Block(template.Header with { MerkleRoot = wrongRoot }, template.Transactions));
    }

    /// <summary>A mined, well-formed block whose coinbase pays itself one unit more than subsidy plus fees.</summary>
    public static Block OverpaidCoinbase(Chain chain)
    {
        var template = Template(chain);
        var network = chain.Network;
        var coinbase = Transaction.CreateCoinbase(Forger, network.BlockSubsidy + 1, template.Height, template.Header.Timestamp, network.ChainId);
        Transaction[] body = [coinbase];
        return Mine(new Block(template.Header with { MerkleRoot = MerkleTree.ComputeRoot(body) }, body));
    }

    /// <summary>A mined block carrying a target other than the expected one (the easiest there is).</summary>
    public static Block WrongTarget(Chain chain) => Mine(Template(chain), h => h with { Target = Target.FromBits(0x20FF_FFFF) });

    /// <summary>A mined block whose timestamp is not after the median time past.</summary>
    public static Block TimeTooOld(Chain chain) => Rebuild(chain, Forger, [], h => h with { Timestamp = chain.MedianTimePast });

    /// <summary>A mined block stamped a minute in the future.</summary>
    public static Block TimeTooNew(Chain chain) => Rebuild(chain, Forger, [], h => h with { Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000 });

    /// <summary>A mined block whose previous hash is not the tip's.</summary>
    public static Block BadPreviousBlock(Chain chain) => Mine(Template(chain), h => h with { PreviousHash = Hash256.Compute("not the tip"u8) });

    /// <summary>A mined block holding the same transfer twice.</summary>
    public static Block DuplicateTransaction(Chain chain)
    {
        var transfer = Transfer(KeyPair.Generate(), 1, 0, chain.Network.ChainId);
        return Rebuild(chain, Forger, [transfer, transfer]);
    }

    /// <summary>A mined block replaying a transfer that is already in the chain (<paramref name="confirmed"/>).</summary>
    public static Block ReplayedTransaction(Chain chain, Transaction confirmed) => Rebuild(chain, Forger, [confirmed]);

    /// <summary>A mined block with a new transfer reusing a nonce its (funded) sender already spent.</summary>
    public static Block ReusedNonce(Chain chain, KeyPair sender, ulong spentNonce) => Rebuild(chain, Forger, [Transfer(sender, 1, spentNonce, chain.Network.ChainId)]);

    /// <summary>A mined block with a transfer its sender (a fresh, empty account) cannot pay.</summary>
    public static Block Overdraft(Chain chain) => Rebuild(chain, Forger, [Transfer(KeyPair.Generate(), 1_000, 0, chain.Network.ChainId)]);

    /// <summary>A mined block with a transfer carrying the high-S twin of its valid signature.</summary>
    public static Block HighS(Chain chain, KeyPair funded, ulong nonce)
    {
        var honest = Transfer(funded, 1, nonce, chain.Network.ChainId);
        var twin = Transaction.FromParts(honest.Kind, honest.ChainId, honest.Sender, honest.Recipient, honest.Amount, honest.Fee, honest.Nonce, honest.Timestamp, HighSTwin(honest.Signature));
        return Rebuild(chain, Forger, [twin]);
    }

    /// <summary>A mined block with a transfer signed for another network.</summary>
    public static Block WrongChainId(Chain chain) => Rebuild(chain, Forger, [Transfer(KeyPair.Generate(), 1, 0, chain.Network.ChainId + 1)]);

    /// <summary>A mined block whose second transaction is a coinbase too.</summary>
    public static Block TwoCoinbases(Chain chain)
    {
        var template = Template(chain);
        var second = Transaction.CreateCoinbase(Forger, 1, template.Height + 1, template.Header.Timestamp, chain.Network.ChainId);
        Transaction[] body = [template.Transactions[0], second];
        return Mine(new Block(template.Header with { MerkleRoot = MerkleTree.ComputeRoot(body) }, body));
    }

    /// <summary>A mined block without a coinbase.</summary>
    public static Block MissingCoinbase(Chain chain)
    {
        var template = Template(chain);
        var transfer = Transfer(KeyPair.Generate(), 1, 0, chain.Network.ChainId);
        Transaction[] body = [transfer];
        return Mine(new Block(template.Header with { MerkleRoot = MerkleTree.ComputeRoot(body) }, body));
    }

    /// <summary>A mined block whose coinbase nonce is not the block height.</summary>
    public static Block CoinbaseHeight(Chain chain)
    {
        var template = Template(chain);
        var coinbase = Transaction.CreateCoinbase(Forger, chain.Network.BlockSubsidy, template.Height + 7, template.Header.Timestamp, chain.Network.ChainId);
        Transaction[] body = [coinbase];
        return Mine(new Block(template.Header with { MerkleRoot = MerkleTree.ComputeRoot(body) }, body));
    }

    /// <summary>
    /// A candidate record whose transaction list holds a slot that is no transaction (see
    /// <see cref="WireTampering.WithBlankTransactionSlot"/>): the binary twin of the null element that once crash-looped the Validator.
    /// </summary>
    public static byte[] BlankTransactionSlot(Chain chain) => WireTampering.WithBlankTransactionSlot(Template(chain).ToWire());

    /// <summary>Writes the blocks to <c>candidates</c> (key = height) and waits for the broker's acknowledgements.</summary>
    public static Task PublishAsync(string bootstrapServers, IEnumerable<Block> blocks, CancellationToken cancellationToken) =>
        PublishAsync(bootstrapServers, blocks.Select(b => (b.Height.ToString(CultureInfo.InvariantCulture), b.ToWire())), cancellationToken);

    /// <summary>Writes raw candidate records (key, value) and waits for the broker's acknowledgements.</summary>
    public static async Task PublishAsync(string bootstrapServers, IEnumerable<(string Key, byte[] Value)> records, CancellationToken cancellationToken)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All }).Build();
        foreach (var (key, value) in records)
        {
            var delivery = await producer.ProduceAsync(Topics.Candidates, new Message<string, byte[]> { Key = key, Value = value }, cancellationToken);
            Assert.Equal(PersistenceStatus.Persisted, delivery.Status);
        }
    }

    /// <summary>A signed transfer from <paramref name="sender"/> to the forger.</summary>
    public static Transaction Transfer(KeyPair sender, ulong amount, ulong nonce, uint chainId) =>
        Wallets.Transfer(sender, Forger, amount, nonce, fee: 1, chainId);

    // The same block as a miner would cut (coinbase claiming subsidy plus fees, Merkle root matching), with the header edited, mined.
    private static Block Rebuild(Chain chain, Address miner, IReadOnlyList<Transaction> transfers, Func<BlockHeader, BlockHeader>? edit = null)
    {
        var template = chain.CreateTemplate(miner, [], Now).Block;
        var fees = transfers.Aggregate(0UL, (sum, t) => sum + t.Fee);
        var coinbase = Transaction.CreateCoinbase(miner, chain.Network.BlockSubsidy + fees, template.Height, template.Header.Timestamp, chain.Network.ChainId);
        Transaction[] body = [coinbase, .. transfers];
        // The state root the body leads to when it applies (so the rule under test is the one that fails); else the tip's.
        var state = chain.State.Clone();
        var root = state.TryApply(new Block(template.Header, body), out _).IsValid ? StateCommitment.ComputeRoot(state) : template.Header.StateRoot;
        return Mine(new Block(template.Header with { MerkleRoot = MerkleTree.ComputeRoot(body), StateRoot = root }, body), edit);
    }

    // s' = n - s: the other valid ECDSA signature of the same message, refused because only low-S is canonical.
    private static byte[] HighSTwin(ReadOnlySpan<byte> signature)
    {
        var order = System.Numerics.BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var s = new System.Numerics.BigInteger(signature[32..], isUnsigned: true, isBigEndian: true);
        var twin = signature.ToArray();
        var high = (order - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        Array.Clear(twin, 32, 32);
        high.CopyTo(twin, 64 - high.Length);
        return twin;
    }

    private static Block Template(Chain chain) => chain.CreateTemplate(Forger, [], Now).Block;
}
