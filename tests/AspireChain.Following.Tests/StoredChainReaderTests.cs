using AspireChain.Ledger;

namespace AspireChain.Following.Tests;

/// <summary>
/// <see cref="BlockStore.OpenReader"/>: a consistent read of the store as it was when opened, streamed in batches on a
/// connection of its own, while the store goes on appending blocks.
/// </summary>
public sealed class StoredChainReaderTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly Chain _chain = new(CandidateForge.Network);
    private readonly KeyPair _miner = KeyPair.Generate();

    public void Dispose()
    {
        _miner.Dispose();
        _data.Dispose();
    }

    [Fact]
    public void A_reader_streams_the_blocks_stored_when_it_opened_while_the_store_appends_more()
    {
        using var store = new BlockStore(_data.File("store.db"), durableCommits: false);
        var stored = Enumerable.Range(0, 10).Select(_ => AppendNext(store)).ToList();

        // A budget of one byte: every block is a batch of its own, so the appends below land between two batches.
        using var reader = store.OpenReader(batchBytes: 1);
        Assert.Equal(10, reader.TipHeight);
        Assert.Null(reader.Base);
        var read = new List<StoredEnvelope>();
        foreach (var block in reader.ReadBlocks(1))
        {
            read.Add(block);
            if (read.Count <= 3)
            {
                // The store's own writes go on (and would wait forever, were the reader holding its lock).
                AppendNext(store);
            }
        }

        Assert.Equal(Enumerable.Range(1, 10).Select(h => (long)h), read.Select(b => b.Height));
        Assert.Equal(stored.Select(b => b.Hash), read.Select(b => AcceptedBlock.ParseWire(b.Envelope).Hash));
        using (var command = reader.CreateCommand())
        {
            command.CommandText = "SELECT count(*) FROM chain_blocks";
            Assert.Equal(10L, command.ExecuteScalar());
        }

        Assert.Null(reader.ReadEnvelope(11));
        using var later = store.OpenReader();
        Assert.Equal(13, later.TipHeight);
        Assert.Equal([12L, 13L], later.ReadBlocks(12).Select(b => b.Height));
        Assert.NotNull(later.ReadEnvelope(11));
    }

    private AcceptedBlock AppendNext(BlockStore store)
    {
        var now = CandidateForge.Now;
        var block = CandidateForge.Mine(_chain.CreateTemplate(_miner.Address, [], Math.Max(now, _chain.MedianTimePast + 1)).Block);
        Assert.True(_chain.TryAppend(block, now + 60_000).IsValid);
        var accepted = BlockWriter.Sign(block, (long)block.Height);
        store.Append(accepted, (long)block.Height);
        return accepted;
    }
}
