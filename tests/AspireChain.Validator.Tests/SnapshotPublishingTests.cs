using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Ledger;
using AspireChain.Validator;

namespace AspireChain.Validator.Tests;

/// <summary>
/// The active Validator publishes a signed state snapshot every <c>Validator:SnapshotInterval</c> blocks, one a node can
/// verify and join from, and retires the older ones with tombstones (all but the newest <c>Validator:SnapshotsKept</c>).
/// </summary>
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

    [Fact]
    public async Task Each_snapshot_retires_all_but_the_newest_two_with_tombstones_and_a_restarted_validator_retires_its_predecessors()
    {
        var settings = TestNetwork.Validator(_broker, _data.File("validator.db"));
        settings["Validator:SnapshotInterval"] = "1";
        settings["Validator:SnapshotChunkBytes"] = "1024";
        var forge = new CandidateForge();
        await using (var validator = await ServiceHost.StartAsync(ValidatorApp.Build, settings))
        {
            for (var i = 0; i < 4; i++)
            {
                await AcceptWithSnapshotAsync(forge, i);
            }
        }

        // What a compacting broker would keep: snapshots 3 and 4, every key of 1 and 2 tombstoned.
        Assert.Equal([4UL, 3UL], LiveSnapshots());
        await using (var restarted = await ServiceHost.StartAsync(ValidatorApp.Build, settings))
        {
            for (var i = 4; i < 6; i++)
            {
                await AcceptWithSnapshotAsync(forge, i);
            }
        }

        // The new publisher found 3 and 4 on the topic and retired them in turn.
        Assert.Equal([6UL, 5UL], LiveSnapshots());
    }

    private async Task AcceptWithSnapshotAsync(CandidateForge forge, int i)
    {
        var block = forge.Valid(CandidateForge.FaucetTransfer((ulong)i, to: new Address(Enumerable.Repeat((byte)(i + 1), Address.Size).ToArray())));
        await _writer.ProposeAsync(block);
        await Eventually.TrueAsync(() => ChainLog.Blocks(_broker.BootstrapServers).Count > i, $"block {i + 1} on blocks");
        forge.Accept(block);
        // One at a time: the publisher keeps only the newest capture waiting.
        await Eventually.TrueAsync(() => ChainLog.NewestSnapshot(_broker.BootstrapServers, out _)?.Snapshot.Height == (ulong)(i + 1), $"snapshot {i + 1} on snapshots");
    }

    // The heights of the snapshots left whole once each key keeps only its last record (a tombstone removes the key), newest first.
    private List<ulong> LiveSnapshots()
    {
        var kept = TopicReader.ReadAll(_broker.BootstrapServers, Topics.Snapshots)
            .GroupBy(r => r.Message.Key)
            .Select(g => g.Last())
            .Where(r => r.Message.Value is not null)
            .Select(r => Assert.IsType<SnapshotMessage>(SnapshotMessage.TryParse(r.Message.Key, r.Message.Value, out var message, out _) ? message : null))
            .ToList();
        var manifests = kept.Select(m => m.Manifest).OfType<SnapshotManifest>().ToList();
        // Every chunk left belongs to a manifest left, and every manifest left has all its chunks.
        Assert.Equal(
            manifests.SelectMany(m => SnapshotKey.AllOf(m.Height, m.Digest, m.ChunkHashes.Count)).Select(k => k.ToString()).Order(StringComparer.Ordinal),
            kept.Select(m => m.Key.ToString()).Order(StringComparer.Ordinal));
        return manifests.Select(m => m.Height).OrderDescending().ToList();
    }
}
