using System.Net;
using System.Net.Http.Json;
using System.Text;
using AspireChain.Contracts.Kafka;
using AspireChain.EmbeddedKafka;
using AspireChain.Ledger;
using AspireChain.Validator;
using AspireChain.Validator.Apis;
using Confluent.Kafka;

namespace AspireChain.Validator.Tests;

/// <summary>
/// The Validator at its trust boundaries: what it accepts is signed and carries the candidate offset inside the
/// signature; a standby follows blocks all the time and takes over where the signed chain says; a forged offset, a gap
/// or a missing key never moves it, and any network but dev and test refuses to start without its own keys.
/// </summary>
public sealed class ValidatorTrustTests : BrokerTests
{
    private BlockWriter _blocks = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _blocks = new BlockWriter(_broker.BootstrapServers);
    }

    public override Task DisposeAsync()
    {
        _blocks.Dispose();
        return base.DisposeAsync();
    }

    [Fact]
    public async Task Accepted_blocks_are_signed_with_the_candidate_offset_inside_the_signature_and_no_offset_header()
    {
        await using var validator = await StartAsync("validator.db");
        var forge = new CandidateForge();
        var first = forge.Valid(CandidateForge.FaucetTransfer(0));
        forge.Accept(first);
        await _writer.ProposeAsync(forge.Raw([], h => h with { Target = Target.FromBits(0x207F_FFFF) }));
        await _writer.ProposeAsync(first);
        await Eventually.TrueAsync(() => ChainLog.Blocks(_broker.BootstrapServers).Count == 1, "the block accepted");

        var record = Assert.Single(TopicReader.ReadAll(_broker.BootstrapServers, Topics.Blocks));
        var accepted = AcceptedBlock.ParseWire(record.Message.Value);
        Assert.True(accepted.Verify(NetworkParameters.Test).IsValid);
        Assert.Equal(first.Hash, accepted.Hash);
        Assert.Equal(2, accepted.NextCandidateOffset); // the rejected candidate at 0, the accepted one at 1
        Assert.False(record.Message.Headers.TryGetLastBytes("aspirechain-next-candidate-offset", out _));
    }

    [Fact]
    public async Task A_replayed_block_record_with_a_forged_offset_moves_nothing_even_across_a_restart()
    {
        var forge = new CandidateForge();
        var first = forge.Valid(CandidateForge.FaucetTransfer(0));
        forge.Accept(first);
        await using (var validator = await StartAsync("validator.db"))
        {
            await _writer.ProposeAsync(first);
            await WaitForStatusAsync(validator, s => s.NextCandidateOffset == 1 && s.Height == 1);
        }

        // The attack as reported: the old record again, its offset header forged; and a copy with the offset forged inside.
        var original = Assert.Single(TopicReader.ReadAll(_broker.BootstrapServers, Topics.Blocks));
        var honest = AcceptedBlock.ParseWire(original.Message.Value);
        var forgedHeader = new Headers { { "aspirechain-next-candidate-offset", Encoding.ASCII.GetBytes("9000000000000000000") } };
        await _blocks.PublishAsync("1", original.Message.Value, forgedHeader);
        await _blocks.PublishAsync(new AcceptedBlock(honest.Block, 9_000_000_000_000_000_000, honest.Validator, honest.Signature), forgedHeader);

        await using var restarted = await StartAsync("validator.db");
        var second = forge.Valid(CandidateForge.FaucetTransfer(1));
        await _writer.ProposeAsync(second);
        var status = await WaitForStatusAsync(restarted, s => s.Height == 2);

        Assert.Equal(2, status.NextCandidateOffset);
        // The topic holds the honest record, its replay (a duplicate), the forgery (a fault) and the new block.
        Assert.Equal([first.Hash, first.Hash, second.Hash], ChainLog.SignedBlocks(_broker.BootstrapServers).Select(b => b.Hash));
        var faults = await restarted.Client.GetFromJsonAsync<FollowingSnapshot>("/following");
        Assert.Equal("bad-validator-signature", Assert.Single(faults!.RecentFaults).Reason);
        using var health = await restarted.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_standby_follows_blocks_continuously_and_takes_over_after_the_last_judged_candidate()
    {
        var forge = new CandidateForge();
        await using var first = await StartAsync("active.db", "validator-a");
        await WaitForStatusAsync(first, s => s.Active);
        await using var second = await StartAsync("standby.db", "validator-b");
        var blocks = new List<Block>();
        for (var n = 0UL; n < 3; n++)
        {
            var block = forge.Valid(CandidateForge.FaucetTransfer(n));
            forge.Accept(block);
            blocks.Add(block);
            await _writer.ProposeAsync(block);
        }

        // The group may hand `candidates` to either replica when the second one joins (a slow rejoin under load moves it):
        // whichever holds it judges, the other is the standby. The standby has the whole chain and the candidates cursor
        // moved by each signed block, without judging anything.
        ValidatorStatus? firstStatus = null, secondStatus = null;
        await Eventually.TrueAsync(
            async () =>
            {
                (firstStatus, secondStatus) = (await GetStatusAsync(first), await GetStatusAsync(second));
                return firstStatus.Height == 3 && secondStatus.Height == 3 && firstStatus.Active != secondStatus.Active;
            },
            "both replicas at height 3, exactly one of them active",
            TimeSpan.FromSeconds(60));
        var (active, standby, followed) = firstStatus!.Active ? (first, second, secondStatus!) : (second, first, firstStatus!);
        Assert.False(followed.Active);
        Assert.Equal(3, followed.NextCandidateOffset);

        await active.DisposeAsync();
        var next = forge.Valid(CandidateForge.FaucetTransfer(3));
        await _writer.ProposeAsync(next);
        var tookOver = await WaitForStatusAsync(standby, s => s.Active && s.Height == 4, TimeSpan.FromSeconds(90));

        Assert.Equal(4, tookOver.NextCandidateOffset); // four candidates judged, at offsets 0 to 3
        Assert.Equal([.. blocks.Select(b => b.Hash), next.Hash], ChainLog.Blocks(_broker.BootstrapServers).Select(b => b.Hash));
        Assert.Empty(ChainLog.Rejections(_broker.BootstrapServers));
    }

    [Fact]
    public async Task After_a_gap_in_blocks_a_validator_is_unhealthy_and_never_judges()
    {
        var forge = new CandidateForge();
        var first = forge.Valid();
        forge.Accept(first);
        var second = forge.Valid(CandidateForge.FaucetTransfer(0));
        forge.Accept(second);
        // Only block 2 is on the topic: whoever follows it from an empty store is missing block 1.
        await _blocks.PublishAsync(BlockWriter.Sign(second, 0));

        await using var validator = await StartAsync("validator.db");
        var status = await WaitForStatusAsync(validator, s => s.NotActiveReason?.Contains("following blocks stopped", StringComparison.Ordinal) == true);
        await _writer.ProposeAsync(first);
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.False(status.Active);
        Assert.Equal(0UL, (await GetStatusAsync(validator)).Height);
        Assert.Empty(ChainLog.Rejections(_broker.BootstrapServers));
        Assert.Single(TopicReader.ReadAll(_broker.BootstrapServers, Topics.Blocks));
        using var health = await validator.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
    }

    [Fact]
    public async Task Another_network_refuses_to_start_without_its_genesis_allocation_validator_key_and_signing_key()
    {
        using var own = KeyPair.FromSeed([0x77, 0x01]);
        var unconfigured = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync("main-a.db", settings: [("Chain:Network", "main")]));
        Assert.Contains("Chain:Allocations", Describe(unconfigured), StringComparison.Ordinal);
        Assert.Contains("Chain:ValidatorPublicKeys", Describe(unconfigured), StringComparison.Ordinal);

        (string, string)[] network =
        [
            ("Chain:Network", "main"),
            ("Chain:ValidatorPublicKeys", own.PublicKey.ToString()),
            ("Chain:Allocations:0:Address", own.Address.ToString()),
            ("Chain:Allocations:0:Amount", "1000"),
        ];
        var keyless = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync("main-b.db", settings: network));
        Assert.Contains("Validator:SigningKey", Describe(keyless), StringComparison.Ordinal);

        using var stranger = KeyPair.Generate();
        var wrongKey = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync("main-c.db", settings: [.. network, ("Validator:SigningKey", stranger.ExportPrivateKeyHex())]));
        Assert.Contains("not pinned", Describe(wrongKey), StringComparison.Ordinal);
        Assert.DoesNotContain(stranger.ExportPrivateKeyHex(), Describe(wrongKey), StringComparison.Ordinal);

        await using var configured = await StartAsync("main-d.db", settings: [.. network, ("Validator:SigningKey", own.ExportPrivateKeyHex())]);
        var status = await WaitForStatusAsync(configured, s => s.Active);
        Assert.Equal(Genesis.Create(NetworkParameters.From(MainOptions(own))).Hash.ToString(), status.TipHash);
    }

    private static ChainOptions MainOptions(KeyPair own)
    {
        var options = new ChainOptions { Network = "main", ValidatorPublicKeys = own.PublicKey.ToString() };
        options.Allocations.Add(new GenesisAllocationOptions { Address = own.Address.ToString(), Amount = 1000 });
        return options;
    }

    private static string Describe(Exception exception) =>
        exception is AggregateException aggregate ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Describe)) : exception.ToString();

    private Task<ServiceHost> StartAsync(string database, string? instance = null, (string Key, string Value)[]? settings = null)
    {
        var configuration = TestNetwork.Validator(_broker, _data.File(database));
        if (instance is not null)
        {
            configuration["Validator:InstanceId"] = instance;
        }

        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        return ServiceHost.StartAsync(ValidatorApp.Build, configuration);
    }

    private static async Task<ValidatorStatus> GetStatusAsync(ServiceHost validator) =>
        (await validator.Client.GetFromJsonAsync<ValidatorStatus>("/validator"))!;

    private static Task<ValidatorStatus> WaitForStatusAsync(ServiceHost validator, Func<ValidatorStatus, bool> condition, TimeSpan? deadline = null) =>
        Eventually.GetAsync(async () =>
        {
            var status = await GetStatusAsync(validator);
            return condition(status) ? status : null;
        }, "the validator's status to satisfy the condition", deadline);

    /// <summary>The part of <c>GET /following</c> these tests read.</summary>
    private sealed record FollowingSnapshot(ulong Height, IReadOnlyList<FaultSnapshot> RecentFaults);

    private sealed record FaultSnapshot(string Kind, string Reason, long? Offset);
}
