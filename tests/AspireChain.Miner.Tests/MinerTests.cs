using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Telemetry;
using AspireChain.EmbeddedKafka;
using AspireChain.Ledger;
using AspireChain.Miner;
using AspireChain.Miner.Apis;
using AspireChain.Following;
using AspireChain.Testing.Telemetry;
using AspireChain.Validator;
using AspireChain.Validator.Apis;

namespace AspireChain.Miner.Tests;

/// <summary>Miners with the Validator on the embedded broker: races, templates, trace links and a crashed replica.</summary>
public sealed class MinerTests : BrokerTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);
    private ServiceHost _validator = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _validator = await ServiceHost.StartAsync(ValidatorApp.Build, TestNetwork.Validator(_broker, _data.File("validator.db")));
    }

    public override async Task DisposeAsync()
    {
        await _validator.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Two_miners_race_and_each_height_gets_one_block_while_the_loser_is_rejected_as_stale()
    {
        var startedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using (var first = await StartMinerAsync("miner-0", Quick, allowEmptyBlocks: true))
        await using (var second = await StartMinerAsync("miner-1", Quick, allowEmptyBlocks: true))
        {
            await Eventually.TrueAsync(
                () => ChainLog.Blocks(_broker.BootstrapServers).Count >= 4 && ChainLog.Rejections(_broker.BootstrapServers).Count >= 1,
                "four blocks and at least one lost race");
        }

        var candidates = ChainLog.Candidates(_broker.BootstrapServers);
        await WaitForValidatorAsync(candidates.Count);
        var blocks = ChainLog.Blocks(_broker.BootstrapServers);
        var rejections = ChainLog.Rejections(_broker.BootstrapServers);

        Assert.Equal(Enumerable.Range(1, blocks.Count).Select(h => (ulong)h), blocks.Select(b => b.Height));
        var accepted = blocks.Select(b => b.Hash.ToString()).ToHashSet();
        Assert.All(rejections, r => Assert.Equal("stale", r.Reason));
        // Every candidate is judged exactly once: either it is the block of its height or it is stale.
        Assert.All(candidates, c => Assert.True(
            accepted.Contains(c.Hash.ToString()) ^ rejections.Any(r => r.Id == c.Hash.ToString()),
            $"candidate {c.Height} {c.Hash} is either accepted or stale"));
        Assert.True(candidates.Count > blocks.Count, "the miners raced for at least one height");
        Assert.Equal(2, candidates.Select(c => c.Header.Miner).Distinct().Count());

        // Informational headers: each candidate says which replica found it, how much work and when; the accepted
        // block carries them over unchanged and adds when the Validator validated it.
        var candidateRecords = TopicReader.ReadAll(_broker.BootstrapServers, Topics.Candidates);
        Assert.All(candidateRecords, record =>
        {
            Assert.Contains(HeaderText(record, KafkaHeaderNames.MinerInstance), new[] { "miner-0", "miner-1" });
            Assert.True(ulong.Parse(HeaderText(record, KafkaHeaderNames.ProofOfWorkAttempts), CultureInfo.InvariantCulture) >= 1);
            Assert.True(double.Parse(HeaderText(record, KafkaHeaderNames.ProofOfWorkSearchMs), CultureInfo.InvariantCulture) >= 0);
            Assert.InRange(long.Parse(HeaderText(record, KafkaHeaderNames.MinedAtMs), CultureInfo.InvariantCulture), startedAtMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        });
        Assert.Equal(2, candidateRecords.Select(r => HeaderText(r, KafkaHeaderNames.MinerInstance)).Distinct().Count());
        var candidateByHash = candidateRecords.ToDictionary(r => Block.ParseWire(r.Message.Value).Hash);
        foreach (var record in TopicReader.ReadAll(_broker.BootstrapServers, Topics.Blocks))
        {
            var candidate = candidateByHash[AcceptedBlock.ParseWire(record.Message.Value).Hash];
            Assert.All(KafkaHeaderNames.CandidateProvenance, name => Assert.Equal(HeaderText(candidate, name), HeaderText(record, name)));
            var validatedAtMs = long.Parse(HeaderText(record, KafkaHeaderNames.ValidatedAtMs), CultureInfo.InvariantCulture);
            Assert.InRange(validatedAtMs, long.Parse(HeaderText(record, KafkaHeaderNames.MinedAtMs), CultureInfo.InvariantCulture), record.Message.Timestamp.UnixTimestampMs);
        }
    }

    private static string HeaderText(Confluent.Kafka.ConsumeResult<string, byte[]> record, string name)
    {
        Assert.True(record.Message.Headers.TryGetLastBytes(name, out var value), $"header {name} on {record.Topic} offset {record.Offset}");
        return Encoding.UTF8.GetString(value);
    }

    [Fact]
    public async Task Transfers_are_mined_in_nonce_order_a_taken_nonce_is_rejected_and_a_gap_waits()
    {
        using var spans = new SpanRecorder();
        await using var miner = await StartMinerAsync("miner-0", Quick);
        var recipient = new Address(Enumerable.Repeat((byte)0xab, Address.Size).ToArray());
        // Submitted out of order on purpose: the template puts them back in nonce order.
        var transfers = new ulong[] { 3, 0, 4, 1, 2 }.Select(n => CandidateForge.FaucetTransfer(n, fee: 10, to: recipient)).ToList();
        var loser = CandidateForge.FaucetTransfer(2, fee: 1);
        var gapped = CandidateForge.FaucetTransfer(9);
        foreach (var transfer in transfers)
        {
            await _writer.SubmitAsync(transfer);
        }

        await _writer.SubmitAsync(loser);
        await _writer.SubmitAsync(gapped);

        var mined = await Eventually.GetAsync(
            () => Task.FromResult<List<Transaction>?>(ConfirmedTransfers() is { Count: >= 5 } confirmed ? confirmed : null),
            "the five transfers confirmed");
        var rejection = await Eventually.GetAsync(
            () => Task.FromResult(ChainLog.Rejections(_broker.BootstrapServers).FirstOrDefault(r => r.Id == loser.Id.ToString())),
            "the lower-fee transfer for a taken nonce rejected");

        Assert.Equal([0UL, 1, 2, 3, 4], mined.Select(t => t.Nonce));
        Assert.Equal(transfers.Select(t => t.Id).Order(), mined.Select(t => t.Id).Order());
        Assert.Equal(("transaction", "bad-nonce", "miner-0"), (rejection.Kind, rejection.Reason, rejection.Source));
        Assert.DoesNotContain(ChainLog.Rejections(_broker.BootstrapServers), r => r.Id == gapped.Id.ToString());
        Assert.DoesNotContain(gapped.Id, ConfirmedTransfers().Select(t => t.Id));
        await Eventually.TrueAsync(
            async () => (await miner.Client.GetFromJsonAsync<MinerStatus>("/miner"))!.Mempool == 1,
            "only the gapped transfer left waiting in the mempool");

        // block.mine links every included transaction's trace and carries the proof-of-work facts.
        var mining = spans.Named(ChainSpans.BlockMine).Where(s => s.GetTagItem(ChainAttributes.BlockHash) is not null).ToList();
        var linked = mining.SelectMany(s => s.Links).Select(l => l.Context.TraceId).ToHashSet();
        Assert.Equal(5, mining.Sum(s => s.Links.Count()));
        Assert.Equal(5, linked.Count);
        Assert.All(mining, s => Assert.NotNull(s.GetTagItem(ChainAttributes.ProofOfWorkAttempts)));
    }

    [Fact]
    public async Task Transactions_held_by_a_crashed_miner_are_confirmed_by_the_next_one()
    {
        var transfers = Enumerable.Range(0, 10).Select(n => CandidateForge.FaucetTransfer((ulong)n)).ToList();
        await using (var idle = await StartMinerAsync("miner-idle", Never))
        {
            foreach (var transfer in transfers)
            {
                await _writer.SubmitAsync(transfer);
            }

            await Eventually.TrueAsync(
                async () => (await idle.Client.GetFromJsonAsync<MinerStatus>("/miner"))!.Mempool == transfers.Count,
                "the idle miner to hold every transfer");
        }

        Assert.Empty(ConfirmedTransfers());
        await using var successor = await StartMinerAsync("miner-next", Quick);
        var reward = (await successor.Client.GetFromJsonAsync<MinerStatus>("/miner"))!.RewardAddress;
        await Eventually.TrueAsync(() => ConfirmedTransfers().Count == transfers.Count, "every transfer confirmed by the successor");

        Assert.Equal(transfers.Select(t => t.Id).Order(), ConfirmedTransfers().Select(t => t.Id).Order());
        Assert.All(ChainLog.Blocks(_broker.BootstrapServers), b => Assert.Equal(reward, b.Header.Miner.ToString()));
    }

    [Fact]
    public async Task A_transfer_stuck_behind_a_nonce_gap_is_rejected_after_the_maximum_wait()
    {
        var settings = TestNetwork.Miner(_broker, "miner-0", Quick);
        settings["Miner:MaxGapWait"] = "00:00:01";
        await using var miner = await ServiceHost.StartAsync(MinerApp.Build, settings);
        var gapped = CandidateForge.FaucetTransfer(3);

        await _writer.SubmitAsync(gapped);
        var rejection = await Eventually.GetAsync(
            () => Task.FromResult(ChainLog.Rejections(_broker.BootstrapServers).FirstOrDefault(r => r.Id == gapped.Id.ToString())),
            "the gapped transfer rejected");

        Assert.Equal("bad-nonce", rejection.Reason);
        await Eventually.TrueAsync(
            async () => (await miner.Client.GetFromJsonAsync<MinerStatus>("/miner"))!.Mempool == 0,
            "the mempool to let it go");
    }

    [Fact]
    public async Task Post_mine_forces_a_block_even_when_empty()
    {
        await using var miner = await StartMinerAsync("miner-0", Never);

        using var response = await MineNow.PostAsync(miner.Client);
        response.EnsureSuccessStatusCode();
        var mined = await response.Content.ReadFromJsonAsync<MinedCandidate>();

        Assert.Equal((1UL, 0), (mined!.Height, mined.Transactions));
        await Eventually.TrueAsync(() => ChainLog.Blocks(_broker.BootstrapServers).Any(b => b.Hash.ToString() == mined.Hash), "the forced block accepted");
    }

    [Fact]
    public async Task A_restarted_miner_rebuilds_its_chain_from_its_own_store_and_resumes_after_the_stored_offset()
    {
        var settings = TestNetwork.Miner(_broker, "miner-0", Never);
        await using (var miner = await ServiceHost.StartAsync(MinerApp.Build, settings))
        {
            for (var height = 1UL; height <= 2; height++)
            {
                using var response = await MineNow.PostAsync(miner.Client);
                response.EnsureSuccessStatusCode();
                var expected = height;
                await Eventually.TrueAsync(() => miner.Get<FollowedChain>().Height == expected, $"the miner to follow block {expected}");
            }

            Assert.Equal(0, miner.Get<FollowerStatus>().RestoredBlocks);
        }

        await using var restarted = await ServiceHost.StartAsync(MinerApp.Build, settings);
        var chain = restarted.Get<FollowedChain>();
        var status = restarted.Get<FollowerStatus>();
        await status.CaughtUp.WaitAsync(Eventually.Deadline);

        Assert.Equal(2, status.RestoredBlocks);
        Assert.True(status.StartOffset >= 2, $"resumed at offset {status.StartOffset}, not from the beginning");
        Assert.Equal(2UL, chain.Height);
        Assert.Equal(ChainLog.Blocks(_broker.BootstrapServers).Last().Hash, chain.Read(c => c.TipHash));
    }

    private List<Transaction> ConfirmedTransfers() =>
        ChainLog.Blocks(_broker.BootstrapServers).SelectMany(b => b.Transactions.Skip(1)).ToList();

    private Task<ServiceHost> StartMinerAsync(string instance, TimeSpan maxWait, bool allowEmptyBlocks = false) =>
        ServiceHost.StartAsync(MinerApp.Build, TestNetwork.Miner(_broker, instance, maxWait, allowEmptyBlocks));

    private Task WaitForValidatorAsync(int candidates) =>
        Eventually.TrueAsync(
            async () => (await _validator.Client.GetFromJsonAsync<ValidatorStatus>("/validator"))!.NextCandidateOffset >= candidates,
            "the validator to judge every candidate");
}
