using System.Net.Http.Json;
using AspireChain.Contracts.Messages;
using AspireChain.EmbeddedKafka;
using AspireChain.Ledger;
using AspireChain.Validator;
using AspireChain.Validator.Apis;

namespace AspireChain.Validator.Tests;

/// <summary>The Validator against the embedded broker: one block per height, one reason per broken rule, and a restart that resumes where its store says.</summary>
public sealed class ValidatorTests : BrokerTests
{
    [Fact]
    public async Task Each_broken_candidate_is_rejected_with_its_rule_and_only_valid_blocks_reach_blocks()
    {
        await using var validator = await StartValidatorAsync();
        var forge = new CandidateForge();
        var first = forge.Valid(CandidateForge.FaucetTransfer(0));
        await _writer.ProposeAsync(first);
        await WaitForBlocksAsync(1);
        forge.Accept(first);

        var genuine = CandidateForge.FaucetTransfer(1);
        var forged = Transaction.FromParts(
            genuine.Kind, genuine.ChainId, genuine.Sender, genuine.Recipient, genuine.Amount + 1, genuine.Fee, genuine.Nonce, genuine.Timestamp, genuine.Signature);
        (Block Candidate, string Reason)[] broken =
        [
            (forge.Raw([forged]), "bad-signature"),
            (forge.Raw([CandidateForge.FaucetTransfer(1), CandidateForge.FaucetTransfer(1)]), "bad-nonce"),
            (forge.Raw([], h => h with { Target = Target.FromBits(0x207F_FFFF) }), "bad-target"),
            (forge.Raw([], h => h with { PreviousHash = Hash256.Compute([1, 2, 3]) }), "bad-prevblk"),
            (new CandidateForge().Valid(CandidateForge.FaucetTransfer(0)), "stale"),
        ];
        foreach (var (candidate, _) in broken)
        {
            await _writer.ProposeAsync(candidate);
        }

        var second = forge.Valid(CandidateForge.FaucetTransfer(1));
        await _writer.ProposeAsync(second);
        await WaitForBlocksAsync(2);

        Assert.Equal([first.Hash, second.Hash], ChainLog.Blocks(_broker.BootstrapServers).Select(b => b.Hash));
        var rejections = ChainLog.Rejections(_broker.BootstrapServers);
        Assert.All(rejections, r => Assert.Equal(RejectionKinds.Block, r.Kind));
        Assert.Equal(
            broken.Select(b => (b.Candidate.Hash.ToString(), b.Reason)).OrderBy(b => b.Reason),
            rejections.Select(r => (r.Id, r.Reason)).OrderBy(r => r.Reason));
    }

    [Fact]
    public async Task A_redelivered_candidate_is_published_once_and_not_rejected()
    {
        await using var validator = await StartValidatorAsync();
        var forge = new CandidateForge();
        var block = forge.Valid(CandidateForge.FaucetTransfer(0));
        forge.Accept(block);
        var next = forge.Valid();

        await _writer.ProposeAsync(block);
        await _writer.ProposeAsync(block);
        await _writer.ProposeAsync(next);
        await WaitForBlocksAsync(2);
        await WaitForCandidateOffsetAsync(validator, 3);

        Assert.Equal([block.Hash, next.Hash], ChainLog.Blocks(_broker.BootstrapServers).Select(b => b.Hash));
        Assert.Empty(ChainLog.Rejections(_broker.BootstrapServers));
    }

    [Fact]
    public async Task A_restarted_validator_resumes_from_its_stored_offset_and_republishes_nothing()
    {
        var forge = new CandidateForge();
        var first = forge.Valid(CandidateForge.FaucetTransfer(0));
        var rival = new CandidateForge().Valid(CandidateForge.FaucetTransfer(0, amount: 7));
        forge.Accept(first);
        var second = forge.Valid(CandidateForge.FaucetTransfer(1));
        forge.Accept(second);
        var third = forge.Valid(CandidateForge.FaucetTransfer(2));

        await using (var validator = await StartValidatorAsync())
        {
            await _writer.ProposeAsync(first);
            await _writer.ProposeAsync(rival);
            await _writer.ProposeAsync(second);
            await WaitForBlocksAsync(2);
            await WaitForCandidateOffsetAsync(validator, 3);
        }

        Assert.Equal("stale", Assert.Single(ChainLog.Rejections(_broker.BootstrapServers)).Reason);
        // While it is down: one new candidate and one old duplicate.
        await _writer.ProposeAsync(third);
        await _writer.ProposeAsync(second);

        await using (var restarted = await StartValidatorAsync())
        {
            await WaitForBlocksAsync(3);
            var status = await WaitForCandidateOffsetAsync(restarted, 5);
            Assert.Equal(3UL, status.Height);
            Assert.Equal(third.Hash.ToString(), status.TipHash);
        }

        Assert.Equal([first.Hash, second.Hash, third.Hash], ChainLog.Blocks(_broker.BootstrapServers).Select(b => b.Hash));
        // Re-reading from offset 0 (the broker's view: the mock keeps no transactional offsets) would have rejected the rival again.
        Assert.Single(ChainLog.Rejections(_broker.BootstrapServers));
    }

    [Fact]
    public async Task A_fresh_validator_catches_up_from_blocks_and_does_not_fill_a_height_twice()
    {
        var forge = new CandidateForge();
        var first = forge.Valid(CandidateForge.FaucetTransfer(0));
        forge.Accept(first);
        var second = forge.Valid(CandidateForge.FaucetTransfer(1));

        await using (var active = await StartValidatorAsync("active.db"))
        {
            await _writer.ProposeAsync(first);
            await WaitForBlocksAsync(1);
        }

        // A standby with an empty store takes over: height 1 is already on blocks, so the old candidate is not re-published.
        await using var standby = await StartValidatorAsync("standby.db");
        await _writer.ProposeAsync(second);
        await WaitForBlocksAsync(2);
        await WaitForCandidateOffsetAsync(standby, 2);

        Assert.Equal([first.Hash, second.Hash], ChainLog.Blocks(_broker.BootstrapServers).Select(b => b.Hash));
        Assert.Empty(ChainLog.Rejections(_broker.BootstrapServers));
    }

    [Fact]
    public async Task A_failed_kafka_transaction_is_aborted_and_the_candidate_published_once_on_retry()
    {
        await using var validator = await StartValidatorAsync();
        await Eventually.TrueAsync(
            async () => (await validator.Client.GetAsync("/health")).IsSuccessStatusCode,
            "the validator ready (transactions initialised)");
        var forge = new CandidateForge();
        var block = forge.Valid(CandidateForge.FaucetTransfer(0));

        // Only transactional producers send AddPartitionsToTxn; this error makes the transaction abortable, not fatal.
        _broker.StartRequestTracking();
        _broker.PushRequestErrors(KafkaApiKey.AddPartitionsToTxn, Confluent.Kafka.ErrorCode.TopicAuthorizationFailed);
        await _writer.ProposeAsync(block);
        await WaitForBlocksAsync(1);
        await WaitForCandidateOffsetAsync(validator, 1);

        Assert.True(_broker.CountRequests(KafkaApiKey.AddPartitionsToTxn) >= 2, "the first transaction failed and a second one was made");
        Assert.Equal([block.Hash], ChainLog.Blocks(_broker.BootstrapServers).Select(b => b.Hash));
        Assert.Empty(ChainLog.Rejections(_broker.BootstrapServers));
        var status = await validator.Client.GetFromJsonAsync<ValidatorStatus>("/validator");
        Assert.Equal((1UL, block.Hash.ToString()), (status!.Height, status.TipHash));
    }

    private Task<ServiceHost> StartValidatorAsync(string database = "validator.db") =>
        ServiceHost.StartAsync(ValidatorApp.Build, TestNetwork.Validator(_broker, _data.File(database)));

    private Task WaitForBlocksAsync(int count) =>
        Eventually.TrueAsync(() => ChainLog.Blocks(_broker.BootstrapServers).Count >= count, $"{count} block(s) on blocks");

    private static Task<ValidatorStatus> WaitForCandidateOffsetAsync(ServiceHost validator, long offset) =>
        Eventually.GetAsync(async () =>
        {
            var status = await validator.Client.GetFromJsonAsync<ValidatorStatus>("/validator");
            return status is not null && status.NextCandidateOffset >= offset ? status : null;
        }, $"the validator to store candidates offset {offset}");
}
