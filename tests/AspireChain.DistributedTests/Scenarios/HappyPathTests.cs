using System.Diagnostics;
using AspireChain.Contracts.Kafka;
using AspireChain.DistributedTests.Infrastructure;
using AspireChain.DistributedTests.Systems;
using AspireChain.Ledger;
using Xunit.Abstractions;

namespace AspireChain.DistributedTests.Scenarios;

/// <summary>Scenario 1: many wallets trading concurrently through three racing miners; every coin accounted for.</summary>
[Collection(SharedSystemCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class HappyPathTests(SharedSystemFixture fixture, ITestOutputHelper output)
{
    private const int WalletCount = 100;
    private const int TransfersPerWallet = 20;
    private const ulong Funding = 1_000_000;

    [Fact]
    public async Task Concurrent_transfers_among_100_wallets_all_confirm_with_exact_balances_and_one_block_per_height()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var system = fixture.System;
        var clock = Stopwatch.StartNew();
        var wallets = await system.Faucet.CreateFundedWalletsAsync(WalletCount, Funding, cts.Token);
        output.WriteLine($"funded {WalletCount} wallets in {clock.Elapsed.TotalSeconds:F1} s");

        // Every wallet sends TransfersPerWallet transfers to random others; the expected balances follow from them alone.
        var random = new Random(20261124);
        var expected = wallets.ToDictionary(w => w.Address, _ => (long)Funding);
        var transfers = new List<Transaction>();
        for (var round = 0; round < TransfersPerWallet; round++)
        {
            for (var i = 0; i < WalletCount; i++)
            {
                var sender = wallets[i];
                var recipient = wallets[(i + 1 + random.Next(WalletCount - 1)) % WalletCount];
                var amount = (ulong)random.Next(1, 1_000);
                const ulong fee = 1;
                transfers.Add(sender.Transfer(recipient.Address, amount, fee));
                expected[sender.Address] -= (long)(amount + fee);
                expected[recipient.Address] += (long)amount;
            }
        }

        // Shuffled so one sender's nonces arrive out of order across concurrent batches, as independent clients would send them.
        var shuffled = transfers.OrderBy(_ => random.Next()).ToList();
        clock.Restart();
        var retries = await system.Client.SubmitAllAsync(shuffled, cts.Token);
        var submitted = clock.Elapsed;
        await system.Client.Query.WaitForNoncesAsync(wallets, cts.Token);
        var confirmed = clock.Elapsed;
        await system.Client.WaitUntilConfirmedAsync(transfers.Select(t => t.Id), cts.Token);
        output.WriteLine($"{transfers.Count} transfers: acknowledged in {submitted.TotalSeconds:F1} s ({retries} retried), all confirmed after {confirmed.TotalSeconds:F1} s ({transfers.Count / confirmed.TotalSeconds:F0} tx/s)");

        var audit = await system.AuditAsync(cts.Token);
        audit.AssertSound();
        Assert.All(transfers, t => Assert.True(audit.TransactionHeights.ContainsKey(t.Id), $"{t.Id} is not in the chain"));
        Assert.All(wallets, w => Assert.Equal(expected[w.Address], (long)audit.BalanceOf(w.Address)));
        Assert.All(wallets, w => Assert.Equal(w.NextNonce, audit.Chain.GetAccount(w.Address).Nonce));
        await ChainSystem.AssertChainQueryAgreesAsync(system.Client.Query, audit, [.. wallets.Select(w => w.Address), system.Faucet.Address, .. audit.Miners], cts.Token);
        output.WriteLine($"chain height {audit.Height}, {audit.Records} records on {Topics.Blocks}, {audit.Miners.Count} miners won blocks");
        wallets.ToList().ForEach(w => w.Dispose());
    }
}
