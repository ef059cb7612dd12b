using System.Diagnostics;
using AspireChain.EmbeddedKafka;
using AspireChain.Following;
using AspireChain.Ledger;
using Xunit.Abstractions;

namespace AspireChain.Following.Tests;

/// <summary>
/// Joining from a snapshot against replaying from genesis, for chains of growing length on the embedded broker: both
/// followers must end on the same tip and state; the times are written to the test output (the snapshot join reads the
/// snapshot and the blocks after it, the replay every block).
/// </summary>
public sealed class JoinTimeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private EmbeddedKafkaBroker _broker = null!;

    public Task InitializeAsync()
    {
        _broker = TestNetwork.StartBroker();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _broker.Dispose();
        _data.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(50)]
    [InlineData(200)]
    [InlineData(1000)]
    public async Task A_new_node_joining_from_a_snapshot_ends_on_the_same_tip_and_state_as_one_replaying_every_block(int height)
    {
        var forge = new CandidateForge();
        using var blocks = new BlockWriter(_broker.BootstrapServers);
        using var snapshots = new SnapshotWriter(_broker.BootstrapServers);
        long last = 0;
        for (var i = 0; i < height; i++)
        {
            // Two new accounts per block: the state grows with the chain.
            var block = forge.Valid(
                CandidateForge.FaucetTransfer((ulong)(2 * i), to: Account(2 * i)),
                CandidateForge.FaucetTransfer((ulong)(2 * i + 1), to: Account(2 * i + 1)));
            forge.Accept(block);
            last = await blocks.PublishAsync(BlockWriter.Sign(block));
        }

        var (manifest, _) = await snapshots.PublishAsync(forge.Chain.ToSnapshot(), last + 1, chunkBytes: 512 * 1024);

        var tip = forge.Chain.TipHash;
        var (joinSeconds, joined) = await FollowAsync("joined.db", height, tip, ("Following:PreferSnapshot", "true"));
        var (replaySeconds, replayed) = await FollowAsync("replayed.db", height, tip);

        Assert.Equal((ulong)height, joined.JoinedFrom);
        Assert.Null(replayed.JoinedFrom);
        output.WriteLine($"height {height}: {forge.Chain.State.Accounts.Count} accounts, snapshot {manifest.TotalBytes} bytes; " +
            $"join from snapshot {joinSeconds * 1000:F0} ms, replay from genesis {replaySeconds * 1000:F0} ms");
    }

    private async Task<(double Seconds, FollowerStatus Status)> FollowAsync(string store, int height, Hash256 tip, params (string, string)[] settings)
    {
        var started = Stopwatch.StartNew();
        await using var follower = await FollowerHost.StartAsync(_broker, _data.File(store), settings);
        var chain = follower.Get<FollowedChain>();
        await Eventually.TrueAsync(() => chain.Height == (ulong)height, $"{store} at height {height}", TimeSpan.FromMinutes(3));
        var seconds = started.Elapsed.TotalSeconds;
        Assert.Equal(tip, chain.TipHash);
        Assert.Equal(chain.Read(c => c.TipHeader.StateRoot), chain.Read(c => StateCommitment.ComputeRoot(c.State)));
        return (seconds, follower.Get<FollowerStatus>());
    }

    private static Address Account(int index)
    {
        var bytes = new byte[Address.Size];
        BitConverter.TryWriteBytes(bytes, index + 1);
        return new Address(bytes);
    }
}
