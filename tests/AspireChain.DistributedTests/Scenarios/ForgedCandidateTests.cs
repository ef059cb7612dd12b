using AspireChain.DistributedTests.Infrastructure;
using AspireChain.DistributedTests.Systems;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults.Kafka;

namespace AspireChain.DistributedTests.Scenarios;

/// <summary>Scenario 6, the Kafka edge: candidates forged straight onto <c>candidates</c> are refused by the Validator, which trusts no miner.</summary>
[Collection(SharedSystemCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class ForgedCandidateTests(SharedSystemFixture fixture)
{
    [Fact]
    public async Task Forged_candidates_are_rejected_with_their_rule_and_the_chain_stays_valid()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var system = fixture.System;
        var audit = await system.AuditAsync(cts.Token);
        var forged = new Dictionary<string, Block>
        {
            ["high-hash"] = CandidateForge.HighHash(audit.Chain),
            ["bad-txnmrklroot"] = CandidateForge.BadMerkleRoot(audit.Chain),
            ["bad-cb-amount"] = CandidateForge.OverpaidCoinbase(audit.Chain),
        };

        await CandidateForge.PublishAsync(system.BootstrapServers, forged.Values, cts.Token);

        var rejections = await Eventually.GetAsync(
            async ct => (await TopicReader.ReadAllAsync(system.BootstrapServers, Topics.Rejections, ct))
                .Select(r => Rejection.Parse(r.Value)).Where(r => forged.Values.Any(b => b.Hash.ToString() == r.Id)).ToList(),
            found => found.Count >= forged.Count,
            "the Validator's verdicts on the forged candidates",
            cts.Token);
        var tipMoved = (await system.AuditAsync(cts.Token)).Height != audit.Height;
        foreach (var (rule, block) in forged)
        {
            var rejection = Assert.Single(rejections, r => r.Id == block.Hash.ToString());
            Assert.Equal(RejectionKinds.Block, rejection.Kind);
            Assert.Equal((long)block.Height, rejection.Height);
            Assert.Equal("validator", rejection.Source);
            // Only a real block landing first at the same height could pre-empt the rule (as 'stale'); the chain is idle here.
            Assert.True(rejection.Reason == rule || (tipMoved && rejection.Reason == "stale"), $"{rule}: {rejection}");
        }

        var after = await system.AuditAsync(cts.Token);
        after.AssertSound();
        Assert.DoesNotContain(after.Chain.Blocks, b => forged.Values.Any(f => f.Hash == b.Hash));
        var verification = await system.Client.Query.VerifyChainAsync(cts.Token);
        Assert.True(verification.Valid, verification.ToString());
    }
}
