using System.Globalization;
using AspireChain.Contracts.Kafka;
using AspireChain.Ledger;
using Confluent.Kafka;

namespace AspireChain.DistributedTests.Infrastructure;

/// <summary>
/// Anyone who reaches the broker: writes whatever it likes to any topic with a raw Kafka producer (no service in
/// between), and forges blocks on top of the real tip, signed by a key of its own, by no key, or by the dev validator
/// key (public on dev and test networks, so a forger can sign: only the consensus rules then stand in the way).
/// </summary>
internal sealed class Adversary : IDisposable
{
    private static readonly Address Forger = new(Enumerable.Repeat((byte)0xAD, Address.Size).ToArray());
    private readonly IProducer<string, byte[]> _producer;

    public Adversary(string bootstrapServers) =>
        _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All, LingerMs = 5 }).Build();

    /// <summary>Writes one record and returns where it landed.</summary>
    public async Task<TopicPartitionOffset> WriteAsync(string topic, string key, byte[] value, Headers? headers = null, CancellationToken cancellationToken = default)
    {
        var delivery = await _producer.ProduceAsync(topic, new Message<string, byte[]> { Key = key, Value = value, Headers = headers ?? [] }, cancellationToken);
        Assert.Equal(PersistenceStatus.Persisted, delivery.Status);
        return delivery.TopicPartitionOffset;
    }

    /// <summary>
    /// Writes many records at <paramref name="perSecond"/> (the embedded broker keeps only about 5 MiB of a partition:
    /// faster than its readers and the oldest records are evicted unread), then waits for every acknowledgement.
    /// </summary>
    public void WriteMany(string topic, IEnumerable<(string Key, byte[] Value)> records, int perSecond)
    {
        var failed = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var written = 0;
        foreach (var (key, value) in records)
        {
            if (++written % 100 == 0 && clock.Elapsed < TimeSpan.FromSeconds((double)written / perSecond))
            {
                Thread.Sleep(TimeSpan.FromSeconds((double)written / perSecond) - clock.Elapsed);
            }

            _producer.Produce(topic, new Message<string, byte[]> { Key = key, Value = value }, report =>
            {
                if (report.Error.IsError)
                {
                    Interlocked.Increment(ref failed);
                }
            });
        }

        _producer.Flush(TimeSpan.FromSeconds(60));
        Assert.Equal(0, failed);
    }

    /// <summary>Writes a forged envelope to <c>blocks</c> (key = its height).</summary>
    public Task<TopicPartitionOffset> WriteBlockAsync(AcceptedBlock accepted, CancellationToken cancellationToken) =>
        WriteAsync(Topics.Blocks, accepted.Height.ToString(CultureInfo.InvariantCulture), accepted.ToWire(), null, cancellationToken);

    /// <summary>
    /// The forged block: at tip + 1, linked and with a matching Merkle root, but carrying the easiest target
    /// instead of the expected one and a coinbase of <paramref name="coinbase"/> units to <paramref name="recipient"/>.
    /// </summary>
    public static Block EasyTargetHugeCoinbase(Chain chain, Address recipient, ulong coinbase)
    {
        var height = chain.Height + 1;
        var timestamp = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), chain.MedianTimePast + 1);
        var minted = Transaction.CreateCoinbase(recipient, coinbase, height, timestamp, chain.Network.ChainId);
        var header = new BlockHeader(chain.Network.BlockVersion, height, chain.TipHash, MerkleTree.ComputeRoot([minted]), Hash256.Zero, timestamp, Target.FromBits(0x20FF_FFFF), recipient, 0);
        return Mine(new Block(header, [minted]));
    }

    /// <summary>A block that follows every consensus rule at tip + 1 (what a miner would publish): only its signature can be wrong.</summary>
    public static Block ValidNext(Chain chain) =>
        Mine(chain.CreateTemplate(Forger, [], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).Block);

    /// <summary>Signs with any key the adversary holds.</summary>
    public static AcceptedBlock Sign(Block block, long nextCandidateOffset, KeyPair key) =>
        AcceptedBlock.Sign(block, nextCandidateOffset, key, SystemNetwork.Parameters);

    /// <summary>An envelope claiming <paramref name="claimed"/> signed it, carrying someone else's signature.</summary>
    public static AcceptedBlock Impersonate(Block block, long nextCandidateOffset, PublicKey claimed, KeyPair actual) =>
        new(block, nextCandidateOffset, claimed, Sign(block, nextCandidateOffset, actual).Signature);

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }

    private static Block Mine(Block template)
    {
        var (block, result) = ReferenceProofOfWork.Instance.Mine(template, 1, CancellationToken.None);
        Assert.True(result.Found, "a nonce meeting the header's own target");
        return block!;
    }
}
