using System.Net;
using System.Text;
using System.Text.Json;
using AspireChain.Contracts.Kafka;
using AspireChain.EmbeddedKafka;
using AspireChain.Following;
using AspireChain.Ledger;
using Confluent.Kafka;

namespace AspireChain.Following.Tests;

/// <summary>
/// The shared follower of <c>blocks</c> against the embedded broker, one policy per test: what is validly signed and
/// passes the rules is applied with the service's write in one transaction; a duplicate changes nothing; a forged,
/// badly signed or rule-breaking record is a fault and is stepped over; a different block at a held height is a fault;
/// a missing height stops following (unhealthy, never skipped); a restart resumes from the stored cursor.
/// </summary>
public sealed class BlocksFollowerTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private EmbeddedKafkaBroker _broker = null!;
    private BlockWriter _writer = null!;
    private CandidateForge _forge = null!;

    public Task InitializeAsync()
    {
        _broker = TestNetwork.StartBroker();
        _writer = new BlockWriter(_broker.BootstrapServers);
        _forge = new CandidateForge();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _writer.Dispose();
        _broker.Dispose();
        _data.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Signed_valid_blocks_are_applied_with_the_services_write_and_the_cursor_in_one_transaction()
    {
        var first = NextValid(CandidateForge.FaucetTransfer(0));
        var second = NextValid();
        await _writer.PublishAsync(BlockWriter.Sign(first, 1));
        await _writer.PublishAsync(BlockWriter.Sign(second, 2));

        await using var follower = await StartAsync();
        await WaitForHeightAsync(follower, 2);
        await WaitForAppliedAsync(follower, 2);

        var handler = follower.Get<RecordingHandler>();
        Assert.Equal([first.Hash, second.Hash], handler.Seen.Select(a => a.Block.Hash));
        Assert.Equal([0L, 1L], handler.Seen.Select(a => a.Offset));
        Assert.Equal(2L, Scalar("SELECT count(*) FROM service_rows"));
        Assert.Equal(2L, Scalar("SELECT count(*) FROM chain_blocks"));
        Assert.Equal(2L, Scalar("SELECT next_offset FROM chain_cursors WHERE name = 'blocks'"));
        Assert.Empty(follower.Get<BlockStore>().Faults(10));
        Assert.True(await follower.Get<BlocksFollower>().WaitCaughtUpAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
    }

    [Fact]
    public async Task A_duplicate_changes_nothing_even_with_other_headers()
    {
        var block = NextValid();
        var accepted = BlockWriter.Sign(block, 1);
        await _writer.PublishAsync(accepted);
        var replayHeaders = new Headers
        {
            { KafkaHeaderNames.MinerInstance, Encoding.UTF8.GetBytes("someone-else") },
            { "aspirechain-next-candidate-offset", Encoding.UTF8.GetBytes("9000000000000000000") },
        };
        await _writer.PublishAsync(accepted, replayHeaders);
        var next = NextValid();
        await _writer.PublishAsync(BlockWriter.Sign(next, 2));

        await using var follower = await StartAsync();
        await WaitForHeightAsync(follower, 2);
        await WaitForAppliedAsync(follower, 2);

        var handler = follower.Get<RecordingHandler>();
        Assert.Equal([block.Hash, next.Hash], handler.Seen.Select(a => a.Block.Hash));
        Assert.False(handler.Seen.First().Headers!.TryGetLastBytes(KafkaHeaderNames.MinerInstance, out _), "the first record's headers, not the replay's");
        Assert.Empty(follower.Get<BlockStore>().Faults(10));
        Assert.Equal(3L, Scalar("SELECT next_offset FROM chain_cursors WHERE name = 'blocks'"));
    }

    [Fact]
    public async Task A_different_signed_block_at_a_held_height_is_a_conflict_and_changes_nothing()
    {
        var rivalForge = new CandidateForge();
        var block = NextValid();
        var rival = rivalForge.Valid(CandidateForge.FaucetTransfer(0, amount: 7));
        await _writer.PublishAsync(BlockWriter.Sign(block, 1));
        var conflictOffset = await _writer.PublishAsync(BlockWriter.Sign(rival, 1));
        var next = NextValid();
        await _writer.PublishAsync(BlockWriter.Sign(next, 2));

        await using var follower = await StartAsync();
        await WaitForHeightAsync(follower, 2);
        await WaitForAppliedAsync(follower, 2);

        var fault = Assert.Single(follower.Get<BlockStore>().Faults(10));
        Assert.Equal((FollowFault.Conflict, conflictOffset, rival.Hash.ToString()), (fault.Kind, fault.Offset!.Value, fault.Hash));
        Assert.Equal(block.Hash, follower.Get<FollowedChain>().Read(c => c.GetBlock(1)!.Hash));
        Assert.Equal(2, follower.Get<RecordingHandler>().Seen.Count);
    }

    [Fact]
    public async Task Forged_records_are_faults_that_are_stepped_over_never_applied_never_stopping_the_follower()
    {
        using var stranger = KeyPair.Generate();
        var honest = NextValid();
        var honestEnvelope = BlockWriter.Sign(honest, 1);
        // Each of these sits at the next height (or replays the first) and must be refused for its own reason.
        var easyTarget = Forged(h => h with { Target = Target.FromBits(0x207F_FFFF) });
        var hugeCoinbase = ForgedCoinbase(1_000_000_000_000_000UL);
        var wrongKey = BlockWriter.Sign(_forge.Valid(), 2, stranger);
        var tamperedOffset = new AcceptedBlock(honestEnvelope.Block, 9_000_000_000_000_000_000, honestEnvelope.Validator, honestEnvelope.Signature);
        var unsignedClaim = new AcceptedBlock(wrongKey.Block, 2, DevValidator.PublicKey, wrongKey.Signature);
        var blankSlot = WireTampering.WithBlankTransactionSlot(honestEnvelope.ToWire());
        var after = NextValid();

        await _writer.PublishAsync(honestEnvelope);
        (string Reason, long Offset)[] expected =
        [
            ("bad-target", await _writer.PublishAsync(BlockWriter.Sign(easyTarget, 2))),
            ("bad-cb-amount", await _writer.PublishAsync(BlockWriter.Sign(hugeCoinbase, 2))),
            ("unknown-validator", await _writer.PublishAsync(wrongKey)),
            ("bad-validator-signature", await _writer.PublishAsync(tamperedOffset)),
            ("bad-validator-signature", await _writer.PublishAsync(unsignedClaim)),
            ("malformed", await _writer.PublishAsync("2", blankSlot)),
            ("malformed", await _writer.PublishAsync("2", [0xFF, 0x00, 0x7B])),
        ];
        await _writer.PublishAsync(BlockWriter.Sign(after, 2));

        await using var follower = await StartAsync();
        await WaitForHeightAsync(follower, 2);
        await WaitForAppliedAsync(follower, 2);

        Assert.Equal([honest.Hash, after.Hash], follower.Get<RecordingHandler>().Seen.Select(a => a.Block.Hash));
        var faults = follower.Get<BlockStore>().Faults(20).Reverse().ToList();
        Assert.Equal(expected, faults.Select(f => (f.Reason, f.Offset!.Value)));
        Assert.All(faults, f => Assert.Equal(FollowFault.Refused, f.Kind));
        Assert.Equal(expected.Length, follower.Get<FollowerStatus>().Faults);
        Assert.Equal(0UL, follower.Get<FollowedChain>().Read(c => c.GetAccount(hugeCoinbase.Header.Miner).Balance));
        using var health = await follower.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains($"{expected.Length} record(s) not applied", await FollowingHealthAsync(follower), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_height_stops_following_unhealthy_and_is_never_skipped()
    {
        var first = NextValid();
        var second = NextValid();
        var third = NextValid();
        await _writer.PublishAsync(BlockWriter.Sign(first, 1));
        var gapOffset = await _writer.PublishAsync(BlockWriter.Sign(third, 3));

        await using var follower = await StartAsync();
        var status = follower.Get<FollowerStatus>();
        await Eventually.TrueAsync(() => status.Halted is not null, "following to stop at the gap");
        // The missing block arriving later in the log changes nothing: the follower never goes past the gap.
        await _writer.PublishAsync(BlockWriter.Sign(second, 2));

        Assert.False(await follower.Get<BlocksFollower>().WaitCaughtUpAsync(TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.Equal(1UL, follower.Get<FollowedChain>().Height);
        Assert.Contains("blocks 2..2 are missing", status.Halted, StringComparison.Ordinal);
        Assert.Equal(gapOffset, Scalar("SELECT next_offset FROM chain_cursors WHERE name = 'blocks'"));
        var fault = Assert.Single(follower.Get<BlockStore>().Faults(10));
        Assert.Equal((FollowFault.Gap, gapOffset), (fault.Kind, fault.Offset!.Value));
        using var health = await follower.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("missing", await FollowingHealthAsync(follower), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_rebuilds_the_chain_from_the_store_and_resumes_from_the_stored_cursor()
    {
        var first = NextValid(CandidateForge.FaucetTransfer(0));
        var second = NextValid();
        await _writer.PublishAsync(BlockWriter.Sign(first, 1));
        await _writer.PublishAsync(BlockWriter.Sign(second, 2));
        await using (var follower = await StartAsync())
        {
            await WaitForHeightAsync(follower, 2);
        }

        var third = NextValid(CandidateForge.FaucetTransfer(1));
        var thirdOffset = await _writer.PublishAsync(BlockWriter.Sign(third, 3));
        await using var restarted = await StartAsync();
        await WaitForHeightAsync(restarted, 3);
        await WaitForAppliedAsync(restarted, 1);

        var status = restarted.Get<FollowerStatus>();
        Assert.Equal(2, status.RestoredBlocks);
        Assert.Equal(thirdOffset, status.StartOffset);
        Assert.Equal(thirdOffset, status.FirstOffsetRead);
        Assert.Equal([third.Hash], restarted.Get<RecordingHandler>().Seen.Select(a => a.Block.Hash));
        Assert.Equal(_forge.Chain.State.TotalSupply, restarted.Get<FollowedChain>().Read(c => c.State.TotalSupply));
    }

    [Fact]
    public async Task A_failed_service_write_rolls_the_block_back_and_it_is_applied_exactly_once_on_the_retry()
    {
        var first = NextValid();
        var second = NextValid();
        await _writer.PublishAsync(BlockWriter.Sign(first, 1));
        await using var follower = await StartAsync();
        await WaitForHeightAsync(follower, 1);
        follower.Get<RecordingHandler>().FailOnceAt[2] = true;
        await _writer.PublishAsync(BlockWriter.Sign(second, 2));

        // The follower starts over from its unchanged cursor after a pause.
        await WaitForHeightAsync(follower, 2, TimeSpan.FromSeconds(90));
        // The handler hears of a block once its commit is done, just after the chain's height moved.
        await WaitForAppliedAsync(follower, 2);

        Assert.Equal([first.Hash, second.Hash], follower.Get<RecordingHandler>().Seen.Select(a => a.Block.Hash));
        Assert.Equal(2L, Scalar("SELECT count(*) FROM service_rows"));
        Assert.Equal(2L, Scalar("SELECT count(*) FROM chain_blocks"));
    }

    private Block NextValid(params Transaction[] transactions)
    {
        var block = _forge.Valid(transactions);
        _forge.Accept(block);
        return block;
    }

    // A mined next block (on the forge's tip) with its header edited, coinbase and Merkle root otherwise honest.
    private Block Forged(Func<BlockHeader, BlockHeader> tamper) => _forge.Raw([], tamper);

    // A mined next block whose coinbase pays far more than subsidy plus fees.
    private Block ForgedCoinbase(ulong amount)
    {
        var template = _forge.Raw([]);
        var coinbase = Transaction.CreateCoinbase(new Address(Enumerable.Repeat((byte)0xEE, Address.Size).ToArray()), amount, template.Height, template.Header.Timestamp, CandidateForge.Network.ChainId);
        return CandidateForge.Mine(new Block(template.Header with { MerkleRoot = MerkleTree.ComputeRoot([coinbase]), Miner = coinbase.Recipient }, [coinbase]));
    }

    private Task<ServiceHost> StartAsync() => FollowerHost.StartAsync(_broker, _data.File("follower.db"));

    private static Task WaitForHeightAsync(ServiceHost follower, ulong height, TimeSpan? deadline = null) =>
        Eventually.TrueAsync(() => follower.Get<FollowedChain>().Height >= height, $"the follower at height {height}", deadline);

    // Applied is called after the block's commit and after the chain's height moved: wait for it before reading what it saw.
    private static Task WaitForAppliedAsync(ServiceHost follower, int blocks) =>
        Eventually.TrueAsync(() => follower.Get<RecordingHandler>().Seen.Count >= blocks, $"the handler told of {blocks} applied block(s)");

    // What the follower's health check says (the report answers 503 when unhealthy, with the same body shape).
    private static async Task<string?> FollowingHealthAsync(ServiceHost follower)
    {
        using var response = await follower.Client.GetAsync("/health/report");
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return report.RootElement.GetProperty("checks").GetProperty(FollowingHealthCheck.Name).GetProperty("description").GetString();
    }

    private long Scalar(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_data.File("follower.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
