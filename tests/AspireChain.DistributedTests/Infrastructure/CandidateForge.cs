using System.Globalization;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AspireChain.DistributedTests.Infrastructure;

/// <summary>
/// Plays a dishonest miner: builds candidates on top of the audited tip that break exactly one rule and writes them
/// straight to <c>candidates</c>, past every service, so only the Validator stands between them and the chain.
/// </summary>
internal static class CandidateForge
{
    private static readonly Address Forger = new(Enumerable.Repeat((byte)0xF0, Address.Size).ToArray());

    /// <summary>A block whose hash misses its (correct) target: the first nonce that fails it (nearly every one at <see cref="TestNetwork"/>'s difficulty).</summary>
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

    /// <summary>Writes the blocks to <c>candidates</c> (key = height) and waits for the broker's acknowledgements.</summary>
    public static async Task PublishAsync(string bootstrapServers, IEnumerable<Block> blocks, CancellationToken cancellationToken)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All }).Build();
        foreach (var block in blocks)
        {
            var delivery = await producer.ProduceAsync(
                Topics.Candidates,
                new Message<string, byte[]> { Key = block.Height.ToString(CultureInfo.InvariantCulture), Value = block.ToJson() },
                cancellationToken);
            Assert.Equal(PersistenceStatus.Persisted, delivery.Status);
        }
    }

    private static Block Template(Chain chain) => chain.CreateTemplate(Forger, [], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).Block;

    private static Block Mine(Block template)
    {
        var (block, result) = ReferenceProofOfWork.Instance.Mine(template, 1, CancellationToken.None);
        Assert.True(result.Found, "the test network's target is trivial");
        return block!;
    }
}
