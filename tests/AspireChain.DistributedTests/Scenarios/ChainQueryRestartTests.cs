using System.Globalization;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using AspireChain.DistributedTests.Infrastructure;
using AspireChain.DistributedTests.Systems;
using AspireChain.Ledger;
using AspireChain.Testing;
using Xunit.Abstractions;

namespace AspireChain.DistributedTests.Scenarios;

/// <summary>Scenario 4: ChainQuery crashes while the chain moves on; restarted, it resumes from its own store and converges with a reader that started from nothing.</summary>
[Collection(SharedSystemCollection.Name)]
[Trait("Category", "Distributed")]
public sealed partial class ChainQueryRestartTests(SharedSystemFixture fixture, ITestOutputHelper output)
{
    private const string ChainQuery = "chainquery";

    [Fact]
    public async Task A_killed_ChainQuery_resumes_from_its_store_and_converges_with_a_fresh_one()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var system = fixture.System;
        var resources = system.Resources;
        using var fresh = system.CreateChainQueryClient(SharedSystemFixture.FreshChainQuery);
        var wallets = await system.Faucet.CreateFundedWalletsAsync(10, 100_000, cts.Token);
        var submitted = new List<Transaction>();
        await SubmitRoundAsync(wallets, submitted, cts.Token);
        await system.Client.WaitUntilConfirmedAsync(submitted.Select(t => t.Id), cts.Token);
        var heightBeforeCrash = await system.Client.Query.GetTipHeightAsync(cts.Token);

        // A crash (SIGKILL), then held down while the chain moves on without it.
        await resources.KillAsync(ChainQuery, cts.Token);
        for (var round = 0; round < 3; round++)
        {
            await SubmitRoundAsync(wallets, submitted, cts.Token);
        }

        await fresh.WaitForNoncesAsync(wallets, cts.Token);
        Assert.Contains(resources.State(ChainQuery), KnownResourceStates.TerminalStates);
        var linesBefore = resources.ConsoleLogs(ChainQuery).Count;

        await resources.StartAsync(ChainQuery, cts.Token);
        var resumedFrom = await Eventually.GetAsync(
            _ => Task.FromResult(resources.ConsoleLogs(ChainQuery, linesBefore).Select(l => FollowingFrom().Match(l.Content)).FirstOrDefault(m => m.Success)),
            m => m is not null,
            "ChainQuery's 'Following blocks from stored offset' line after the restart",
            cts.Token);
        var resumedOffset = long.Parse(resumedFrom!.Groups["offset"].Value, CultureInfo.InvariantCulture);
        Assert.True(resumedOffset >= heightBeforeCrash, $"resumed from offset {resumedOffset}, but {heightBeforeCrash} blocks were stored before the crash");
        await system.Client.Query.WaitForNoncesAsync(wallets, cts.Token);

        // A reader with no store at all: the same chain must come out of the topic.
        await resources.StopAsync(SharedSystemFixture.FreshChainQuery, cts.Token);
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(fixture.FreshDatabasePath)!))
        {
            File.Delete(file);
        }

        await resources.StartAsync(SharedSystemFixture.FreshChainQuery, cts.Token);
        await fresh.WaitForNoncesAsync(wallets, cts.Token);

        var audit = await system.AuditAsync(cts.Token);
        audit.AssertSound();
        Address[] addresses = [.. wallets.Select(w => w.Address), system.Faucet.Address, .. audit.Miners];
        await ChainSystem.AssertChainQueryAgreesAsync(system.Client.Query, audit, addresses, cts.Token);
        await ChainSystem.AssertChainQueryAgreesAsync(fresh, audit, addresses, cts.Token);
        foreach (var transaction in submitted)
        {
            var restarted = await system.Client.Query.GetStatusAsync(transaction.Id.ToString(), cts.Token);
            var rebuilt = await fresh.GetStatusAsync(transaction.Id.ToString(), cts.Token);
            Assert.Equal("confirmed", restarted?.Status);
            Assert.Equal((restarted!.Status, restarted.Height, restarted.BlockHash), (rebuilt?.Status, rebuilt?.Height, rebuilt?.BlockHash));
        }

        output.WriteLine($"stored {heightBeforeCrash} blocks before the crash, resumed from offset {resumedOffset}; chain height {audit.Height}; {submitted.Count} transfers");
        wallets.ToList().ForEach(w => w.Dispose());
    }

    private async Task SubmitRoundAsync(IReadOnlyList<Wallet> wallets, List<Transaction> submitted, CancellationToken cancellationToken)
    {
        var round = wallets.Select((w, i) => w.Transfer(wallets[(i + 1) % wallets.Count].Address, 10)).ToList();
        await fixture.System.Client.SubmitAllAsync(round, cancellationToken);
        submitted.AddRange(round);
    }

    [GeneratedRegex(@"Following blocks from stored offset (?<offset>\d+)")]
    private static partial Regex FollowingFrom();
}
