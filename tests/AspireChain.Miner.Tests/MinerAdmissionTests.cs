using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.EmbeddedKafka;
using AspireChain.Following;
using AspireChain.Ledger;
using AspireChain.Miner.Producers;
using AspireChain.Miner;
using AspireChain.Miner.Apis;
using AspireChain.Miner.Health;
using AspireChain.Miner.Pool;
using AspireChain.ServiceDefaults.Kafka;
using AspireChain.Validator;
using Confluent.Kafka;

namespace AspireChain.Miner.Tests;

/// <summary>
/// Junk does not linger and every transaction ends in an outcome: a miner refuses at once what can never be mined
/// (a nonce far ahead, a sender with too much pending), rejects what its sender cannot pay within the funds grace,
/// retries a rejection that failed to publish, backfills a template past a transfer that turned out unpayable, mines
/// nothing on a chain with a gap (<c>POST /mine</c> included), reports transactions lost to retention, and steps over a
/// record keyed other than by its sender.
/// </summary>
public sealed class MinerAdmissionTests : BrokerTests
{
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);

    [Fact]
    public async Task Unfunded_high_fee_transfers_are_rejected_in_seconds_while_honest_ones_are_mined()
    {
        await using var validator = await StartValidatorAsync();
        await using var miner = await StartMinerAsync(TimeSpan.FromMilliseconds(300), ("Miner:FundsGrace", "00:00:01"), ("Miner:MaxPendingPerSender", "20"), ("Miner:NonceWindow", "50"));
        using var junk = KeyPair.Generate();
        var sink = new Address(Enumerable.Repeat((byte)0x5E, Address.Size).ToArray());
        var unfunded = Enumerable.Range(0, 60).Select(n => Transaction.Create(junk, sink, 1_000, 1_000_000, (ulong)n, CandidateForge.Now, CandidateForge.Network.ChainId)).ToList();
        var farAhead = Transaction.Create(junk, sink, 1, 1, 500, CandidateForge.Now, CandidateForge.Network.ChainId);
        var honest = Enumerable.Range(0, 5).Select(n => CandidateForge.FaucetTransfer((ulong)n, fee: 1)).ToList();
        var started = DateTime.UtcNow;

        foreach (var transfer in unfunded.Concat([farAhead]).Concat(honest))
        {
            await _writer.SubmitAsync(transfer);
        }

        var rejections = await Eventually.GetAsync(
            () => Task.FromResult(ChainLog.Rejections(_broker.BootstrapServers) is { Count: >= 61 } all ? all : null),
            "every junk transfer rejected", TimeSpan.FromSeconds(30));
        var settledIn = DateTime.UtcNow - started;
        await Eventually.TrueAsync(() => ChainLog.Blocks(_broker.BootstrapServers).SelectMany(b => b.Transactions).Count(t => !t.IsCoinbase) == honest.Count, "the honest transfers mined");

        var byId = rejections.ToDictionary(r => r.Id);
        Assert.Equal("bad-nonce", byId[farAhead.Id.ToString()].Reason);
        // Beyond the nonce window at once; within it at most 20 held at a time (the cap), each rejected after the grace.
        Assert.All(unfunded.Where(t => t.Nonce > 50), t => Assert.Equal("bad-nonce", byId[t.Id.ToString()].Reason));
        var reasons = unfunded.Where(t => t.Nonce <= 50).Select(t => byId[t.Id.ToString()].Reason).ToList();
        Assert.All(reasons, r => Assert.Contains(r, new[] { "insufficient-funds", "too-many-pending" }));
        Assert.True(reasons.Count(r => r == "insufficient-funds") >= 20, string.Join(",", reasons));
        Assert.True(reasons.Count(r => r == "too-many-pending") >= 1, string.Join(",", reasons));
        Assert.True(settledIn < TimeSpan.FromSeconds(20), $"junk settled in {settledIn.TotalSeconds:0.0} s");
        Assert.DoesNotContain(ChainLog.Blocks(_broker.BootstrapServers).SelectMany(b => b.Transactions), t => t.SenderAddress == junk.Address);
        await Eventually.TrueAsync(async () => (await StatusAsync(miner)).Mempool == 0, "nothing left pending");
    }

    [Fact]
    public async Task A_rejection_that_fails_to_publish_is_retried_never_dropped()
    {
        await using var miner = await StartMinerAsync(Never, ("Miner:FundsGrace", "00:00:02"));
        using var poor = KeyPair.Generate();
        var unpayable = Transaction.Create(poor, new Address(new byte[Address.Size]), 10, 1, 0, CandidateForge.Now, CandidateForge.Network.ChainId);
        await _writer.SubmitAsync(unpayable);
        await Eventually.TrueAsync(async () => (await StatusAsync(miner)).Held == 1, "the unpayable transfer held");

        // The broker refuses the next writes for good (not a retriable error): the rejection fails to publish, then goes through.
        _broker.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed, ErrorCode.TopicAuthorizationFailed, ErrorCode.TopicAuthorizationFailed);
        var rejection = await Eventually.GetAsync(
            () => Task.FromResult(ChainLog.Rejections(_broker.BootstrapServers).FirstOrDefault(r => r.Id == unpayable.Id.ToString())),
            "the rejection published after the failures");

        Assert.Equal("insufficient-funds", rejection.Reason);
        Assert.True(miner.Get<RejectionOutbox>().Retries >= 1, "the first attempts failed and were queued again");
        Assert.Single(ChainLog.Rejections(_broker.BootstrapServers));
        await Eventually.TrueAsync(async () => (await StatusAsync(miner)) is { Mempool: 0, RejectionsWaiting: 0 }, "the transaction settled by its rejection");
    }

    [Fact]
    public async Task A_miner_whose_chain_has_a_gap_mines_nothing_and_post_mine_says_why()
    {
        using var blocks = new BlockWriter(_broker.BootstrapServers);
        var forge = new CandidateForge();
        forge.Accept(forge.Valid());
        // Block 2 without block 1: a validator-signed record this miner can never extend from its empty store.
        await blocks.PublishAsync(BlockWriter.Sign(forge.Valid(), 0));
        await using var miner = await StartMinerAsync(TimeSpan.FromMilliseconds(300), ("Miner:AllowEmptyBlocks", "true"));
        await Eventually.TrueAsync(() => miner.Get<FollowerStatus>().Halted is not null, "following to stop at the gap");

        using var response = await MineNow.PostAsync(miner.Client);
        var problem = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Following blocks stopped", problem, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(TopicReader.ReadAll(_broker.BootstrapServers, Topics.Candidates));
        using var health = await miner.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
    }

    [Fact]
    public async Task Transactions_lost_to_retention_before_any_miner_read_them_are_reported()
    {
        // More than the embedded broker keeps of a partition, written while no miner runs: the oldest records are gone unread.
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build())
        {
            var filler = new byte[64 * 1024];
            for (var n = 0; n < 120; n++)
            {
                producer.Produce(new TopicPartition(Topics.Transactions, 0), new Message<string, byte[]> { Key = "filler", Value = filler });
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        }

        await using var miner = await StartMinerAsync(Never);
        await Eventually.TrueAsync(() => miner.Get<RetentionLoss>().Total > 0, "the loss reported");

        var lost = Assert.Single(miner.Get<RetentionLoss>().Recent);
        Assert.Equal((Topics.Transactions, 0, ConsumerGroups.Miners, 0L), (lost.Topic, lost.Partition, lost.Group, lost.From));
        Assert.True(lost.To > 0);
        using var response = await miner.Client.GetAsync("/health/report");
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var retention = report.RootElement.GetProperty("checks").GetProperty(RetentionLossHealthCheck.Name);
        Assert.Equal("Degraded", retention.GetProperty("status").GetString());
        Assert.Contains($"transactions[0] 0..{lost.To}", retention.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    private Task<ServiceHost> StartValidatorAsync() =>
        ServiceHost.StartAsync(ValidatorApp.Build, TestNetwork.Validator(_broker, _data.File("validator.db")));

    [Fact]
    public async Task An_unreadable_transactions_record_is_counted_and_stepped_over_and_the_transfer_behind_it_mined()
    {
        await using var validator = await StartValidatorAsync();
        await using var miner = await StartMinerAsync(TimeSpan.FromMilliseconds(300));
        var transfer = CandidateForge.FaucetTransfer(0, fee: 1);

        // Keyed like the transfer, so both land in one partition with the garbage first.
        await _writer.WriteAsync(Topics.Transactions, transfer.SenderAddress.ToString(), [0xFF, 0x00, 0x7B]);
        await _writer.SubmitAsync(transfer);

        await Eventually.TrueAsync(() => ChainLog.Blocks(_broker.BootstrapServers).SelectMany(b => b.Transactions).Any(t => t.Id == transfer.Id), "the transfer behind the garbage mined");
        var unreadable = miner.Get<UnreadableRecords>();
        Assert.Equal(1, unreadable.Total);
        var record = Assert.Single(unreadable.Recent);
        Assert.Equal((Topics.Transactions, 0L), (record.Topic, record.Offset));
        Assert.Empty(ChainLog.Rejections(_broker.BootstrapServers));
    }

    [Fact]
    public async Task Ingests_tag_spares_the_signature_check_and_a_forgery_without_a_genuine_tag_is_rejected_as_bad_signature()
    {
        const string secret = "the-attestation-secret-ingest-and-miners-share";
        await using var validator = await StartValidatorAsync();
        await using var miner = await StartMinerAsync(TimeSpan.FromMilliseconds(300), (TransferAttestation.MinersConfigurationKey, secret));
        var ingest = TransferAttestation.ForMiners(secret);
        var impostor = TransferAttestation.ForMiners("not-the-key-ingest-and-the-miners-share");
        var honest = Enumerable.Range(0, 3).Select(n => CandidateForge.FaucetTransfer((ulong)n, fee: 1)).ToList();
        // Signed for one amount, claiming another: the signature no longer matches the bytes.
        var genuine = CandidateForge.FaucetTransfer(3, fee: 1);
        var forged = Transaction.FromParts(
            genuine.Kind, genuine.ChainId, genuine.Sender, genuine.Recipient, genuine.Amount + 1, genuine.Fee, genuine.Nonce, genuine.Timestamp, genuine.Signature);
        var impostorForged = Transaction.FromParts(
            genuine.Kind, genuine.ChainId, genuine.Sender, genuine.Recipient, genuine.Amount + 2, genuine.Fee, genuine.Nonce, genuine.Timestamp, genuine.Signature);

        await _writer.SubmitAsync(honest[0], ingest);
        await _writer.SubmitAsync(honest[1], ingest);
        await _writer.SubmitAsync(honest[2]);
        await _writer.SubmitAsync(forged);
        await _writer.SubmitAsync(impostorForged, impostor);

        await Eventually.TrueAsync(
            () => ChainLog.Blocks(_broker.BootstrapServers).SelectMany(b => b.Transactions).Count(t => !t.IsCoinbase) == honest.Count,
            "the honest transfers mined");
        var rejections = await Eventually.GetAsync(
            () => Task.FromResult(ChainLog.Rejections(_broker.BootstrapServers) is { Count: 2 } all ? all : null),
            "both forgeries rejected");
        Assert.Equal(new[] { forged.Id.ToString(), impostorForged.Id.ToString() }.Order(), rejections.Select(r => r.Id).Order());
        Assert.All(rejections, r => Assert.Equal("bad-signature", r.Reason));
        var status = await StatusAsync(miner);
        // Two carried ingest's tag; the untagged honest transfer and both forgeries were verified here.
        Assert.Equal((2, 3), (status.SignaturesAttested, status.SignaturesVerified));
    }

    [Fact]
    public async Task A_transactions_record_not_keyed_by_its_senders_address_is_stepped_over_counted_and_never_admitted()
    {
        const string secret = "the-attestation-secret-ingest-and-miners-share";
        await using var validator = await StartValidatorAsync();
        await using var miner = await StartMinerAsync(TimeSpan.FromMilliseconds(300), (TransferAttestation.MinersConfigurationKey, secret));
        var transfer = CandidateForge.FaucetTransfer(0, fee: 1);
        // Ingest's genuine, tagged record copied under another key: on another partition another miner would race for the
        // same nonce, and the tag (which covers the key) no longer attests it either.
        var genuine = new TransactionMessage(transfer).ToMessage();
        TransferAttestation.ForMiners(secret).Attest(genuine);
        DeliveryResult<string, byte[]> copied;
        using (var producer = AspireChain.Testing.Producers.Reliable(_broker.BootstrapServers))
        {
            copied = await producer.ProduceAsync(Topics.Transactions, new Message<string, byte[]> { Key = "not-the-sender", Value = genuine.Value, Headers = genuine.Headers });
        }

        await Eventually.TrueAsync(() => miner.Get<UnreadableRecords>().Total == 1, "the misplaced record stepped over");
        var stepped = await StatusAsync(miner);
        Assert.Equal((0, 1L), (stepped.Mempool, stepped.RecordsSteppedOver));
        var record = Assert.Single(miner.Get<UnreadableRecords>().Recent);
        Assert.Equal((Topics.Transactions, copied.Partition.Value, copied.Offset.Value), (record.Topic, record.Partition, record.Offset));
        Assert.Contains($"key 'not-the-sender' is not the sender's address {transfer.SenderAddress}", record.Error, StringComparison.Ordinal);
        // It holds nothing back: the partition's committable offset is past it.
        Assert.Contains((copied.Partition.Value, copied.Offset.Value + 1), miner.Get<AspireChain.Miner.State.MinerState>().CommittableOffsets());

        // The genuine record under its sender's key is admitted (on ingest's word) and mined, once; nothing is rejected.
        await _writer.SubmitAsync(transfer, TransferAttestation.ForMiners(secret));
        await Eventually.TrueAsync(() => ChainLog.Blocks(_broker.BootstrapServers).SelectMany(b => b.Transactions).Any(t => t.Id == transfer.Id), "the genuine record mined");
        Assert.Single(ChainLog.Blocks(_broker.BootstrapServers).SelectMany(b => b.Transactions), t => t.Id == transfer.Id);
        Assert.Empty(ChainLog.Rejections(_broker.BootstrapServers));
        var after = await StatusAsync(miner);
        Assert.Equal((1L, 0L, 1L), (after.SignaturesAttested, after.SignaturesVerified, after.RecordsSteppedOver));
    }

    [Fact]
    public async Task A_miner_is_ready_once_the_miners_group_assigns_it_every_transactions_partition()
    {
        await using var miner = await StartMinerAsync(Never);

        // Alone in the group it owns every partition; /health passes only from then on.
        var check = await Eventually.GetAsync(
            async ct =>
            {
                using var response = await miner.Client.GetAsync("/health/report", ct);
                using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                var readiness = report.RootElement.GetProperty("checks").GetProperty(MinerReadinessHealthCheck.Name);
                return (Status: readiness.GetProperty("status").GetString(), Description: readiness.GetProperty("description").GetString());
            },
            c => c.Status == "Healthy",
            "the miner check healthy",
            CancellationToken.None);
        Assert.Equal($"mining transactions partitions {string.Join(',', Enumerable.Range(0, Topics.DefaultTransactionsPartitions))}", check.Description);
        using var health = await miner.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private Task<ServiceHost> StartMinerAsync(TimeSpan maxWait, params (string Key, string Value)[] settings)
    {
        var configuration = TestNetwork.Miner(_broker, "miner-0", maxWait);
        configuration["Miner:SweepInterval"] = "00:00:00.200";
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        return ServiceHost.StartAsync(MinerApp.Build, configuration);
    }

    private static async Task<MinerStatus> StatusAsync(ServiceHost miner) => (await miner.Client.GetFromJsonAsync<MinerStatus>("/miner"))!;

    private async Task<MinedCandidate> MineAsync(ServiceHost miner, ulong height)
    {
        using var response = await MineNow.PostAsync(miner.Client);
        response.EnsureSuccessStatusCode();
        var mined = (await response.Content.ReadFromJsonAsync<MinedCandidate>())!;
        Assert.Equal(height, mined.Height);
        await Eventually.TrueAsync(() => miner.Get<FollowedChain>().Height >= height, $"block {height} accepted and followed");
        return mined;
    }
}
