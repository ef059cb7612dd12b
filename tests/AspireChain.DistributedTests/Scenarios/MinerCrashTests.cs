using Aspire.Hosting.ApplicationModel;
using AspireChain.Contracts.Kafka;
using AspireChain.DistributedTests.Infrastructure;
using AspireChain.DistributedTests.Systems;
using AspireChain.Ledger;
using AspireChain.Testing;
using Xunit.Abstractions;

namespace AspireChain.DistributedTests.Scenarios;

/// <summary>Scenario 2: a miner crashes holding pending transactions; its partitions move to the others and every transaction still confirms.</summary>
[Collection(SharedSystemCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class MinerCrashTests(SharedSystemFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Pending_transactions_of_a_crashed_miner_are_taken_over_and_all_confirm()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var system = fixture.System;
        var resources = system.Resources;
        var miners = system.Miners;
        Assert.Equal(3, miners.Count);
        var wallets = await system.Faucet.CreateFundedWalletsAsync(24, 100_000, cts.Token);
        using var sink = Wallet.Create();

        // Nonces 1-4 first: unminable until nonce 0 arrives, so they sit unsettled in the owners' mempools (offsets uncommitted).
        var held = wallets.SelectMany(w => Enumerable.Range(1, 4).Select(n => w.Sign(sink.Address, 10, 1, (ulong)n))).ToList();
        await system.Client.SubmitAllAsync(held, cts.Token);
        var statuses = await Eventually.GetAsync(
            async ct => await Task.WhenAll(miners.Select(m => system.GetMinerAsync(m, ct))),
            s => s.Sum(m => m.Mempool) >= held.Count,
            "every held transaction in some miner's mempool",
            cts.Token);
        var victim = statuses.MaxBy(s => s.Mempool)!;
        Assert.True(victim.Mempool > 0 && victim.Partitions.Count > 0, $"{victim.Instance} holds nothing");
        output.WriteLine(string.Join(Environment.NewLine, statuses.Select(s => $"{s.Instance}: partitions [{string.Join(",", s.Partitions)}], mempool {s.Mempool}")));

        // A crash (SIGKILL: no leave-group, no commit), kept down so its partitions must move to the survivors.
        Assert.Contains(victim.Instance, miners);
        await resources.KillAsync(victim.Instance, cts.Token);
        Assert.Contains(resources.State(victim.Instance), KnownResourceStates.TerminalStates);
        var survivors = miners.Where(m => m != victim.Instance).ToList();

        var releases = wallets.Select(w => w.Sign(sink.Address, 10, 1, 0)).ToList();
        wallets.ToList().ForEach(w => w.Skip(5));
        await system.Client.SubmitAllAsync(releases, cts.Token);
        await system.Client.Query.WaitForNoncesAsync(wallets, cts.Token);
        await system.Client.WaitUntilConfirmedAsync(held.Concat(releases).Select(t => t.Id), cts.Token);

        // Confirmation can come before every survivor has run its new assignment (one took the victim's partitions and
        // mined them while the other was still between revoke and assign): read until the group has settled.
        var after = await Eventually.GetAsync(
            async ct => await Task.WhenAll(survivors.Select(m => system.GetMinerAsync(m, ct))),
            s => s.Sum(m => m.Partitions.Count) >= Topics.DefaultTransactionsPartitions,
            "the survivors' assignments to cover every partition",
            cts.Token);
        Assert.Equal(Enumerable.Range(0, Topics.DefaultTransactionsPartitions), after.SelectMany(s => s.Partitions).Order());
        Assert.All(victim.Partitions, p => Assert.Contains(after, s => s.Partitions.Contains(p)));
        // The AppHost gave ingest and the miners one attestation secret: the transfers ingest wrote reached the miners
        // attested, so every survivor read some without verifying their signature again.
        Assert.All(after, s => Assert.True(s.SignaturesAttested > 0, $"{s.Instance}: {s.SignaturesAttested} attested, {s.SignaturesVerified} verified"));
        // The Validator takes no one's word: it verified every signature of what it accepted itself.
        var validators = await Task.WhenAll(system.Validators.Select(v => system.GetValidatorAsync(v, cts.Token)));
        Assert.Contains(validators, v => v.SignaturesVerified > 0);

        var audit = await system.AuditAsync(cts.Token);
        audit.AssertSound();
        Assert.All(held.Concat(releases), t => Assert.Single(audit.TransactionHeights[t.Id]));
        Assert.Equal(24UL * 5 * 10, audit.BalanceOf(sink.Address));
        output.WriteLine($"killed {victim.Instance} holding {victim.Mempool} transactions; survivors own [{string.Join(",", after.SelectMany(s => s.Partitions).Order())}]; chain height {audit.Height}");

        // Restore the shared system for the next scenario.
        await resources.StartAsync(victim.Instance, cts.Token);
        await system.WaitForMinersAsync((long)audit.Height, cts.Token);
        wallets.ToList().ForEach(w => w.Dispose());
    }
}
