using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.DistributedTests.Infrastructure;
using AspireChain.DistributedTests.Systems;
using AspireChain.Ledger;
using AspireChain.Testing;
using Xunit.Abstractions;

namespace AspireChain.DistributedTests.Scenarios;

/// <summary>
/// Scenario 6, the Kafka edge: candidates forged straight onto <c>candidates</c> are refused by the Validator, which
/// trusts no miner. The reject table: one forged candidate per rule, each refused on <c>rejections</c> with its own reason.
/// </summary>
[Collection(SharedSystemCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class ForgedCandidateTests(SharedSystemFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Forged_candidates_are_rejected_with_their_rule_and_the_chain_stays_valid()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var system = fixture.System;
        // A funded sender with one confirmed transfer: its nonce 0 is spent and the transfer is in the chain.
        var wallets = await system.Faucet.CreateFundedWalletsAsync(1, 10_000, cts.Token);
        using var wallet = wallets[0];
        using var other = Wallet.Create();
        var spent = wallet.Transfer(other.Address, 10);
        await system.Client.SubmitAllAsync([spent], cts.Token);
        await system.Client.WaitUntilConfirmedAsync([spent.Id], cts.Token);
        var audit = await system.AuditAsync(cts.Token);
        using var key = wallet.ExportKey();

        var chain = audit.Chain;
        (string Rule, string Code, Block Block)[] forged =
        [
            ("no proof of work", "high-hash", CandidateForge.HighHash(chain)),
            ("wrong target", "bad-target", CandidateForge.WrongTarget(chain)),
            ("time too old", "time-too-old", CandidateForge.TimeTooOld(chain)),
            ("time too new", "time-too-new", CandidateForge.TimeTooNew(chain)),
            ("wrong previous block", "bad-prevblk", CandidateForge.BadPreviousBlock(chain)),
            ("bad Merkle root", "bad-txnmrklroot", CandidateForge.BadMerkleRoot(chain)),
            ("duplicate transaction", "duplicate-tx", CandidateForge.DuplicateTransaction(chain)),
            ("replayed transaction", "bad-nonce", CandidateForge.ReplayedTransaction(chain, spent)),
            ("reused nonce", "bad-nonce", CandidateForge.ReusedNonce(chain, key, 0)),
            ("coinbase too high", "bad-cb-amount", CandidateForge.OverpaidCoinbase(chain)),
            ("two coinbases", "bad-cb-multiple", CandidateForge.TwoCoinbases(chain)),
            ("no coinbase", "bad-cb-missing", CandidateForge.MissingCoinbase(chain)),
            ("coinbase not at the height", "bad-cb-height", CandidateForge.CoinbaseHeight(chain)),
            ("overdraft", "insufficient-funds", CandidateForge.Overdraft(chain)),
            ("high-S signature", "bad-signature", CandidateForge.HighS(chain, key, 1)),
            ("wrong chain id", "bad-chain-id", CandidateForge.WrongChainId(chain)),
        ];
        const string BlankSlotKey = "forged-blank-transaction-slot";

        await CandidateForge.PublishAsync(system.BootstrapServers, forged.Select(f => f.Block), cts.Token);
        await CandidateForge.PublishAsync(system.BootstrapServers, [(BlankSlotKey, CandidateForge.BlankTransactionSlot(chain))], cts.Token);

        var ids = forged.Select(f => f.Block.Hash.ToString()).Append(BlankSlotKey).ToHashSet(StringComparer.Ordinal);
        var rejections = await Eventually.GetAsync(
            async ct => (await TopicReader.ReadAllAsync(system.BootstrapServers, Topics.Rejections, ct))
                .Select(r => Rejection.Parse(r.Value)).Where(r => ids.Contains(r.Id)).ToList(),
            found => found.Count >= ids.Count,
            "the Validator's verdicts on the forged candidates",
            cts.Token);
        var tipMoved = (await system.AuditAsync(cts.Token)).Height != audit.Height;
        foreach (var (rule, code, block) in forged)
        {
            var rejection = Assert.Single(rejections, r => r.Id == block.Hash.ToString());
            Assert.Equal(RejectionKinds.Block, rejection.Kind);
            Assert.Equal((long)block.Height, rejection.Height);
            Assert.Equal("validator", rejection.Source);
            // Only a real block landing first at the same height could pre-empt the rule (as 'stale'); the chain is idle here.
            Assert.True(rejection.Reason == code || (tipMoved && rejection.Reason == "stale"), $"{rule}: expected {code}, got {rejection}");
            output.WriteLine($"{rule,-28} {rejection.Reason,-18} {rejection.Detail}");
        }

        var malformed = Assert.Single(rejections, r => r.Id == BlankSlotKey);
        Assert.Equal("malformed", malformed.Reason);
        Assert.Contains("transactions[0]", malformed.Detail, StringComparison.Ordinal);

        var after = await system.AuditAsync(cts.Token);
        after.AssertSound();
        Assert.DoesNotContain(after.Chain.Blocks, b => forged.Any(f => f.Block.Hash == b.Hash));
        var verification = await system.Client.Query.VerifyChainAsync(cts.Token);
        Assert.True(verification.Valid, verification.ToString());
    }
}
