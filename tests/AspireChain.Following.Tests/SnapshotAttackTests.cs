using System.Buffers.Binary;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.EmbeddedKafka;
using AspireChain.Ledger;

namespace AspireChain.Following.Tests;

/// <summary>
/// What anyone who reaches <c>snapshots</c> can write, against a new node joining from a snapshot (embedded broker,
/// <c>Following:PreferSnapshot</c>): junk under a real snapshot's keys, the first layout's keys or guessed ones does not
/// stop the join (and, keys being per snapshot, only the first could displace anything on a compacting broker); a flood
/// of chunks no manifest names is never held; a sealed manifest announcing more than <c>Following:MaxSnapshotBytes</c> is
/// refused once without a chunk read; a waiting node reads only what was appended since its last look.
/// </summary>
public sealed class SnapshotAttackTests : IAsyncLifetime
{
    private const int Height = 5;
    private readonly TempDirectory _data = new();
    private EmbeddedKafkaBroker _broker = null!;
    private BlockWriter _blocks = null!;
    private SnapshotWriter _snapshots = null!;
    private CandidateForge _forge = null!;
    private long _afterTip;

    public async Task InitializeAsync()
    {
        _broker = TestNetwork.StartBroker();
        _blocks = new BlockWriter(_broker.BootstrapServers);
        _snapshots = new SnapshotWriter(_broker.BootstrapServers);
        _forge = new CandidateForge();
        for (var i = 0; i < Height; i++)
        {
            var block = _forge.Valid(CandidateForge.FaucetTransfer((ulong)i, to: new Address(Enumerable.Repeat((byte)(i + 1), Address.Size).ToArray())));
            _forge.Accept(block);
            _afterTip = await _blocks.PublishAsync(BlockWriter.Sign(block)) + 1;
        }
    }

    public Task DisposeAsync()
    {
        _snapshots.Dispose();
        _blocks.Dispose();
        _broker.Dispose();
        _data.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Junk_under_a_snapshots_own_keys_the_first_layouts_keys_or_guessed_keys_does_not_stop_a_join()
    {
        var (manifest, manifestOffset) = await _snapshots.PublishAsync(_forge.Chain.ToSnapshot(), _afterTip);
        Assert.True(manifest.ChunkHashes.Count > 1);
        var honest = SnapshotKey.AllOf(manifest.Height, manifest.Digest, manifest.ChunkHashes.Count).Select(k => k.ToString()).ToList();

        // The first layout's positional keys and values, and keys guessed for this height and the next.
        var guess = Hash256.Compute("guessed"u8);
        var written = 0;
        for (var i = 0; i < manifest.ChunkHashes.Count; i++)
        {
            await _snapshots.WriteAsync($"chunk-{i:D5}", FirstLayoutChunk(Height, i));
            await _snapshots.WriteAsync(SnapshotMessage.Chunk(Height, guess, i, new byte[700]).ToMessage());
            written += 2;
        }

        await _snapshots.WriteAsync("manifest", [(byte)'M', .. new byte[300]]);
        await _snapshots.WriteAsync(SnapshotKey.ManifestOf(Height, guess).ToString(), [WireFormat.SnapshotManifestV2, .. new byte[300]]);
        await _snapshots.WriteAsync(SnapshotKey.ManifestOf(Height + 1, guess).ToString(), [WireFormat.SnapshotManifestV2, .. new byte[300]]);
        written += 3;

        // What a compacting broker would keep (each key's last record): every record of the snapshot is still there.
        var records = TopicReader.ReadAll(_broker.BootstrapServers, Topics.Snapshots);
        var kept = records.GroupBy(r => r.Message.Key).Select(g => g.Last().Offset.Value).ToHashSet();
        Assert.All(manifest.ChunkOffsets.Append(manifestOffset), offset => Assert.Contains(offset, kept));

        // Then junk under the snapshot's own keys (which compaction would let win only after min.compaction.lag.ms).
        foreach (var key in honest)
        {
            await _snapshots.WriteAsync(key, [WireFormat.SnapshotChunkV1, .. new byte[40]]);
            written++;
        }

        await using var follower = await StartAsync();
        await Eventually.TrueAsync(() => follower.Get<FollowerStatus>().JoinedFrom == Height, $"the follower to join from snapshot {Height}");
        Assert.Equal(_forge.Chain.TipHash, follower.Get<FollowedChain>().TipHash);
        // Each junk record is a fault of its own, reported once; the guessed chunks parse as chunks and are passed over unheld.
        var faults = follower.Get<BlockStore>().Faults(100);
        Assert.All(faults, f => Assert.Equal((FollowFault.SnapshotRefused, "malformed"), (f.Kind, f.Reason)));
        Assert.Equal(written - manifest.ChunkHashes.Count, faults.Count);
    }

    [Fact]
    public async Task A_flood_of_chunk_records_no_manifest_names_is_never_held()
    {
        var snapshot = _forge.Chain.ToSnapshot();
        var fake = Hash256.Compute("fake"u8);
        var payload = new byte[8 * 1024];
        const int Flood = 300;
        for (var i = 0; i < Flood / 2; i++)
        {
            await _snapshots.WriteAsync(SnapshotMessage.Chunk(Height, fake, i, payload).ToMessage());
        }

        var (manifest, _) = await _snapshots.PublishAsync(snapshot, _afterTip);
        for (var i = 0; i < Flood / 2; i++)
        {
            // Under the honest snapshot's own digest too: a key is no way in, only the offsets the seal covers are.
            await _snapshots.WriteAsync(SnapshotMessage.Chunk(Height, i % 2 == 0 ? fake : manifest.Digest, i, payload).ToMessage());
        }

        await using var follower = await StartAsync();
        await Eventually.TrueAsync(() => follower.Get<FollowerStatus>().JoinedFrom == Height, $"the follower to join from snapshot {Height}");
        var source = follower.Get<SnapshotSource>();
        Assert.True(Flood * payload.Length > 100 * manifest.TotalBytes);
        Assert.Equal(manifest.TotalBytes, source.PeakBufferedBytes);
        Assert.Equal(0, source.BufferedBytes);
        Assert.Equal(manifest.ChunkHashes.Count, source.ChunksFetched);
        Assert.Equal(Flood + manifest.ChunkHashes.Count, source.ChunkRecordsSkipped);
        Assert.Equal(0, follower.Get<BlockStore>().FaultCount);
    }

    [Fact]
    public async Task A_manifest_announcing_more_than_MaxSnapshotBytes_is_refused_once_without_fetching_a_chunk()
    {
        var (manifest, offset) = await _snapshots.PublishAsync(_forge.Chain.ToSnapshot(), _afterTip);
        Assert.True(manifest.TotalBytes > 1024);

        await using var follower = await StartAsync(("Following:MaxSnapshotBytes", "1024"));
        var source = follower.Get<SnapshotSource>();
        var store = follower.Get<BlockStore>();
        await Eventually.TrueAsync(() => store.FaultCount > 0, "the refusal recorded");
        var attempts = source.Attempts;
        await Eventually.TrueAsync(() => source.Attempts >= attempts + 3, "three more looks at snapshots");

        var fault = Assert.Single(store.Faults(10));
        Assert.Equal((FollowFault.SnapshotRefused, SnapshotSource.TooLarge, (long?)offset), (fault.Kind, fault.Reason, fault.Offset));
        Assert.Equal(1, store.FaultCount);
        Assert.Equal(0, source.ChunksFetched);
        Assert.Equal(0, source.PeakBufferedBytes);
        Assert.NotNull(follower.Get<FollowerStatus>().WaitingForSnapshot);
        Assert.Equal(0UL, follower.Get<FollowedChain>().Height);
    }

    [Fact]
    public async Task A_waiting_joiner_reads_only_what_was_appended_since_its_last_look_and_reports_each_refusal_once()
    {
        using var stranger = KeyPair.Generate();
        var (unknown, _) = await _snapshots.PublishAsync(_forge.Chain.ToSnapshot(), _afterTip, stranger);
        for (var i = 0; i < 10; i++)
        {
            await _snapshots.WriteAsync($"junk-{i}", new byte[100]);
        }

        var onTopic = unknown.ChunkHashes.Count + 1 + 10;
        await using var follower = await StartAsync();
        var source = follower.Get<SnapshotSource>();
        var store = follower.Get<BlockStore>();
        await Eventually.TrueAsync(() => source.RecordsRead == onTopic && store.FaultCount == 11, "the topic read once, 11 refusals recorded");
        var attempts = source.Attempts;
        await Eventually.TrueAsync(() => source.Attempts >= attempts + 3, "three more looks at snapshots");
        Assert.Equal(onTopic, source.RecordsRead);
        Assert.Equal(11, store.FaultCount);
        Assert.Equal(["malformed", "unknown-validator"], store.Faults(20).Select(f => f.Reason).Distinct().Order(StringComparer.Ordinal));

        // Two more records: exactly those two are read.
        await _snapshots.WriteAsync("junk-10", new byte[100]);
        await _snapshots.WriteAsync("junk-11", new byte[100]);
        await Eventually.TrueAsync(() => source.RecordsRead == onTopic + 2, "the two new records read");
        attempts = source.Attempts;
        await Eventually.TrueAsync(() => source.Attempts >= attempts + 2, "two more looks at snapshots");
        Assert.Equal(onTopic + 2, source.RecordsRead);
        Assert.Equal(13, store.FaultCount);

        // A good snapshot: read, fetched, joined.
        var (manifest, _) = await _snapshots.PublishAsync(_forge.Chain.ToSnapshot(), _afterTip);
        await Eventually.TrueAsync(() => follower.Get<FollowerStatus>().JoinedFrom == Height, $"the follower to join from snapshot {Height}");
        Assert.Equal(onTopic + 2 + manifest.ChunkHashes.Count + 1 + manifest.ChunkHashes.Count, source.RecordsRead);
    }

    private Task<ServiceHost> StartAsync(params (string Key, string Value)[] settings) =>
        FollowerHost.StartAsync(_broker, _data.File("follower.db"),
            [("Following:PreferSnapshot", "true"), ("Following:SnapshotRetryInterval", "00:00:00.200"), .. settings]);

    // A chunk as the first layout wrote it: 'C', height, index, bytes.
    private static byte[] FirstLayoutChunk(ulong height, int index)
    {
        var value = new byte[13 + 500];
        value[0] = (byte)'C';
        BinaryPrimitives.WriteUInt64BigEndian(value.AsSpan(1), height);
        BinaryPrimitives.WriteInt32BigEndian(value.AsSpan(9), index);
        return value;
    }
}
