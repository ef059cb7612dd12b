using AspireChain.Ledger;
using AspireChain.Validator;

namespace AspireChain.Validator.Tests;

/// <summary>The active Validator publishes a signed state snapshot every <c>Validator:SnapshotInterval</c> blocks, one a node can verify and join from.</summary>
public sealed class SnapshotPublishingTests : BrokerTests
{
    [Fact]
    public async Task Every_interval_a_verifiable_snapshot_of_the_state_after_that_height_is_published_with_the_blocks_offset_after_it()
    {
        var settings = TestNetwork.Validator(_broker, _data.File("validator.db"));
        settings["Validator:SnapshotInterval"] = "2";
        settings["Validator:SnapshotChunkBytes"] = "1024";
        await using var validator = await ServiceHost.StartAsync(ValidatorApp.Build, settings);
        var forge = new CandidateForge();
        for (var i = 0; i < 5; i++)
        {
            var block = forge.Valid(CandidateForge.FaucetTransfer((ulong)i, to: new Address(Enumerable.Repeat((byte)(i + 1), Address.Size).ToArray())));
            await _writer.ProposeAsync(block);
            await Eventually.TrueAsync(() => ChainLog.Blocks(_broker.BootstrapServers).Count > i, $"block {i + 1} on blocks");
            forge.Accept(block);
            if (i == 3)
            {
                var atFour = forge.Chain.State.Clone();
                await Eventually.TrueAsync(() => ChainLog.NewestSnapshot(_broker.BootstrapServers, out _)?.Snapshot.Height == 4, "snapshot 4 on snapshots");
                var four = ChainLog.NewestSnapshot(_broker.BootstrapServers, out _)!.Value;
                Assert.Equal(forge.Chain.TipHash, four.Manifest.TipHash);
                Assert.Equal(StateCommitment.ComputeRoot(atFour), four.Manifest.StateRoot);
                Assert.Equal(atFour.Accounts.Count(a => a.Value != default), four.Snapshot.Accounts.Count);
            }
        }

        var newest = ChainLog.NewestSnapshot(_broker.BootstrapServers, out var manifests);
        Assert.NotNull(newest);
        Assert.Equal(2, manifests); // heights 2 and 4; not 5
        var (snapshot, manifest) = newest.Value;
        Assert.Equal(4UL, snapshot.Height);
        Assert.Equal((manifest.TotalBytes + 1023) / 1024, manifest.ChunkHashes.Count); // chunked at 1 KiB
        // Right after block 4's record: reading on from there, the next record is block 5.
        var offsets = TopicReader.ReadAll(_broker.BootstrapServers, Contracts.Kafka.Topics.Blocks).Select(r => r.Offset.Value).ToList();
        Assert.Equal(offsets[3] + 1, manifest.BlocksOffset);
        Assert.True(offsets[4] >= manifest.BlocksOffset);
        var joined = new Chain(TestNetwork.Parameters, snapshot);
        Assert.True(joined.TryAppend(forge.Chain.GetBlock(5)!, CandidateForge.Now).IsValid);
    }
}
