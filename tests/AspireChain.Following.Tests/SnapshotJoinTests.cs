using System.Text.Json;
using AspireChain.Contracts.Kafka;
using AspireChain.EmbeddedKafka;
using AspireChain.Following;
using AspireChain.Ledger;
using Confluent.Kafka;

namespace AspireChain.Following.Tests;

/// <summary>
/// Joining from a snapshot against the embedded broker: once <c>blocks</c> no longer starts at offset 0, a follower with an
/// empty store refuses every snapshot it cannot verify (each with its reason, recorded), says it is syncing while it waits,
/// joins from the first good one and follows <c>blocks</c> from its offset; with <c>Following:KeepBlocks</c> the history it
/// keeps is bounded and a restart goes on from the pruned store.
/// </summary>
public sealed class SnapshotJoinTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private EmbeddedKafkaBroker _broker = null!;
    private BlockWriter _blocks = null!;
    private SnapshotWriter _snapshots = null!;
    private CandidateForge _forge = null!;

    public Task InitializeAsync()
    {
        _broker = TestNetwork.StartBroker();
        _blocks = new BlockWriter(_broker.BootstrapServers);
        _snapshots = new SnapshotWriter(_broker.BootstrapServers);
        _forge = new CandidateForge();
        return Task.CompletedTask;
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
    public async Task An_empty_store_refuses_bad_snapshots_waits_syncing_then_joins_from_a_verified_one_and_follows_on()
    {
        // Blocks 1..5, then enough junk that the broker evicts them, then blocks 6..15: blocks 1..5 are gone for good.
        for (var i = 0; i < 5; i++)
        {
            await _blocks.PublishAsync(BlockWriter.Sign(NextValid(CandidateForge.FaucetTransfer((ulong)i))));
        }

        var junk = new byte[100 * 1024];
        for (var i = 0; i < 70; i++)
        {
            await _blocks.PublishAsync("junk", junk);
        }

        long lastOffset = 0;
        for (var i = 5; i < 15; i++)
        {
            lastOffset = await _blocks.PublishAsync(BlockWriter.Sign(NextValid(CandidateForge.FaucetTransfer((ulong)i))));
        }

        Assert.True(LowWatermark(Topics.Blocks) > 0, "the broker evicted blocks offset 0");
        var snapshot = _forge.Chain.ToSnapshot();
        var afterTip = lastOffset + 1;

        // Three snapshots of height 15 no node may use: another key, a state the chain never committed to, a chunk gone
        // (a tombstone where the manifest says it is, as a compacting broker would leave nothing there).
        using var stranger = KeyPair.Generate();
        await _snapshots.PublishAsync(snapshot, afterTip, stranger);
        var richer = snapshot.Accounts.Select((a, i) => i == 0 ? new KeyValuePair<Address, Account>(a.Key, a.Value with { Balance = a.Value.Balance + 1 }) : a).ToArray();
        await _snapshots.PublishAsync(new ChainSnapshot(snapshot.Height, snapshot.Headers, richer), afterTip);
        var (incomplete, _) = await _snapshots.PublishAsync(snapshot, afterTip, chunkBytes: 2048, omitChunk: 0);
        Assert.True(incomplete.ChunkHashes.Count > 1);

        await using var follower = await FollowerHost.StartAsync(_broker, _data.File("follower.db"), ("Following:SnapshotRetryInterval", "00:00:00.200"));
        var status = follower.Get<FollowerStatus>();
        await Eventually.TrueAsync(() => status.WaitingForSnapshot is not null || status.Halted is not null, "the follower to wait for a snapshot");
        Assert.Null(status.Halted);
        await Eventually.TrueAsync(() => follower.Get<BlockStore>().Faults(10).Count >= 3, "the three refusals recorded");
        Assert.Contains("Syncing", await FollowingHealthAsync(follower), StringComparison.Ordinal);
        var refused = follower.Get<BlockStore>().Faults(10);
        Assert.All(refused, f => Assert.Equal(FollowFault.SnapshotRefused, f.Kind));
        Assert.Equal(["bad-state-root", "missing-chunk", "unknown-validator"], refused.Select(f => f.Reason).Order(StringComparer.Ordinal));
        Assert.Equal(0UL, follower.Get<FollowedChain>().Height);

        // A complete snapshot arrives (the same one, every chunk where its manifest says): the follower joins, then follows on.
        await _snapshots.PublishAsync(snapshot, afterTip, chunkBytes: 2048);
        await Eventually.TrueAsync(() => follower.Get<FollowerStatus>().JoinedFrom == 15UL, "the follower to join from snapshot 15");
        var next = NextValid(CandidateForge.FaucetTransfer(15));
        await _blocks.PublishAsync(BlockWriter.Sign(next));
        await Eventually.TrueAsync(() => follower.Get<FollowedChain>().Height == 16, "the follower to apply block 16 after the snapshot");
        // The handler hears of the block once its commit is done, just after the chain's height moved.
        await Eventually.TrueAsync(() => !follower.Get<RecordingHandler>().Seen.IsEmpty, "the handler told of block 16");

        var chain = follower.Get<FollowedChain>();
        Assert.Equal(_forge.Chain.TipHash, chain.TipHash);
        Assert.Equal(StateCommitment.ComputeRoot(_forge.Chain.State), chain.Read(c => StateCommitment.ComputeRoot(c.State)));
        Assert.Equal(_forge.Chain.State.TotalSupply, chain.Read(c => c.State.TotalSupply));
        Assert.Equal([16UL], follower.Get<RecordingHandler>().Seen.Select(a => a.Block.Height));
        Assert.Equal(1L, Count("SELECT count(*) FROM chain_blocks"));
        Assert.Equal(15L, Count("SELECT joined_height FROM chain_base"));
        await Eventually.TrueAsync(async () => (await FollowingHealthAsync(follower))?.StartsWith("Following blocks at height 16", StringComparison.Ordinal) == true,
            "healthy at the tip");
    }

    [Fact]
    public async Task Keep_blocks_bounds_the_history_and_a_restart_goes_on_from_the_pruned_store()
    {
        for (var i = 0; i < 20; i++)
        {
            await _blocks.PublishAsync(BlockWriter.Sign(NextValid(CandidateForge.FaucetTransfer((ulong)i))));
        }

        await using (var follower = await FollowerHost.StartAsync(_broker, _data.File("follower.db"), ("Following:KeepBlocks", "4")))
        {
            await Eventually.TrueAsync(() => follower.Get<FollowedChain>().Height == 20, "the follower at height 20");
            Assert.InRange(Count("SELECT count(*) FROM chain_blocks"), 4L, 6L);
            // Memory holds the chain's recent window whatever the store keeps.
            Assert.InRange(follower.Get<FollowedChain>().Read(c => c.Blocks.Count()), 1, Chain.DefaultKeepBlocks);
        }

        await _blocks.PublishAsync(BlockWriter.Sign(NextValid(CandidateForge.FaucetTransfer(20))));
        await using var restarted = await FollowerHost.StartAsync(_broker, _data.File("follower.db"), ("Following:KeepBlocks", "4"));
        await Eventually.TrueAsync(() => restarted.Get<FollowedChain>().Height == 21, "the restarted follower at height 21");
        Assert.Equal(_forge.Chain.TipHash, restarted.Get<FollowedChain>().TipHash);
        Assert.Equal(StateCommitment.ComputeRoot(_forge.Chain.State), restarted.Get<FollowedChain>().Read(c => StateCommitment.ComputeRoot(c.State)));
        // A pruned base, not a joined one: the store replayed from genesis and only dropped old blocks.
        Assert.IsType<DBNull>(Scalar("SELECT joined_height FROM chain_base"));
        Assert.InRange(Count("SELECT height FROM chain_base"), 14L, 20L);
    }

    private Block NextValid(params Transaction[] transactions)
    {
        var block = _forge.Valid(transactions);
        _forge.Accept(block);
        return block;
    }

    private long LowWatermark(string topic)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = _broker.BootstrapServers, GroupId = "watermarks" }).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(5)).Low.Value;
    }

    private static async Task<string?> FollowingHealthAsync(ServiceHost follower)
    {
        using var response = await follower.Client.GetAsync("/health/report");
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return report.RootElement.GetProperty("checks").GetProperty(FollowingHealthCheck.Name).GetProperty("description").GetString();
    }

    private long Count(string sql) => Convert.ToInt64(Scalar(sql), System.Globalization.CultureInfo.InvariantCulture);

    private object? Scalar(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_data.File("follower.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
