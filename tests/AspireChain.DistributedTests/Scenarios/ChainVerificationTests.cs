using AspireChain.AppHost.AppModel;
using AspireChain.DistributedTests.Infrastructure;
using AspireChain.DistributedTests.Systems;
using AspireChain.Testing;
using Xunit.Abstractions;

namespace AspireChain.DistributedTests.Scenarios;

/// <summary>
/// Chain verification is an operation on the running system: a run reads a consistent snapshot of ChainQuery's store
/// while ChainQuery goes on applying the blocks the miners add, and requests made while it runs get that run instead
/// of starting another.
/// </summary>
[Collection(SharedSystemCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class ChainVerificationTests(SharedSystemFixture fixture, ITestOutputHelper output)
{
    /// <summary>About how long the paced run lasts: ample time for a new transfer to be mined and applied meanwhile.</summary>
    private const int PacedRunSeconds = 20;

    [Fact]
    public async Task ChainQuery_keeps_applying_blocks_while_a_verification_runs_and_concurrent_requests_get_that_one_run()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var system = fixture.System;
        var query = system.Client.Query;
        var wallets = await system.Faucet.CreateFundedWalletsAsync(10, 100_000, cts.Token);
        await SubmitRoundAsync(wallets, cts.Token);

        // A first full run, at full speed, counts the signatures in the chain; the second is paced to last about 20 s.
        var unpaced = await query.VerifyChainAsync(cts.Token, "full=true");
        Assert.True(unpaced.Valid, $"the first run: {unpaced}");
        var pace = Math.Max(1, unpaced.TransfersChecked / PacedRunSeconds);

        // Two requests at once, then a third while it runs: one run.
        var concurrent = await Task.WhenAll(
            query.StartVerificationAsync($"full=true&signaturesPerSecond={pace}", cts.Token),
            query.StartVerificationAsync($"full=true&signaturesPerSecond={pace}", cts.Token));
        var id = concurrent[0].Id;
        Assert.Equal(id, concurrent[1].Id);
        Assert.True(id > unpaced.Id, $"run {id} after run {unpaced.Id}");
        var reading = await Eventually.GetAsync(ct => query.GetVerificationAsync(id, ct), r => r.BlocksChecked >= 1 || !r.IsRunning, $"run {id} reading blocks", cts.Token);
        Assert.True(reading.IsRunning, $"the paced run ended before the test could watch it: {reading}");

        // New transfers while it runs: ChainQuery applies their blocks past the tip the run's snapshot holds.
        await SubmitRoundAsync(wallets, cts.Token);
        var tip = await query.GetTipHeightAsync(cts.Token);
        var during = await query.GetVerificationAsync(id, cts.Token);
        Assert.True(during.IsRunning, $"run {id} finished before ChainQuery applied the new blocks (tip {tip}): {during}");
        Assert.True(tip > during.ToHeight, $"ChainQuery's tip {tip} did not move past the run's snapshot ({during.ToHeight}) while it ran");
        var third = await query.StartVerificationAsync(null, cts.Token);
        Assert.Equal(id, third.Id);

        var verdict = await Eventually.GetAsync(ct => query.GetVerificationAsync(id, ct), r => !r.IsRunning, $"run {id} to finish", cts.Token);
        Assert.True(verdict.Valid, $"the paced run: {verdict}");
        Assert.Equal(reading.ToHeight, verdict.ToHeight);
        Assert.Equal(verdict.BlocksTotal, verdict.BlocksChecked);

        // The next run starts from the paced run's checkpoint and checks only the blocks applied during it.
        var next = await query.VerifyChainAsync(cts.Token);
        Assert.True(next.Valid, $"the incremental run: {next}");
        Assert.Equal("incremental", next.Mode);
        Assert.Equal(verdict.ToHeight + 1, next.FromHeight);
        Assert.True(next.Height >= tip, $"the incremental run reached {next.Height}, the tip was {tip}");
        // The dashboard's "Verify chain" command is the same operation: it starts a run and reports its verdict.
        var command = await system.Resources.ExecuteCommandAsync("chainquery", ChainQueryCommands.VerifyChain, cts.Token);
        Assert.StartsWith("Valid:", command.Message, StringComparison.Ordinal);
        Assert.True((await query.GetVerificationAsync(next.Id + 1, cts.Token)).Valid, "the command's run is the next one, and valid");
        output.WriteLine($"dashboard command: {command.Message}");
        output.WriteLine($"runs {unpaced.Id} (full, {unpaced.TransfersChecked} signatures, {unpaced.BlocksChecked} blocks), {id} (paced at {pace}/s, snapshot at {verdict.ToHeight}, "
            + $"{(verdict.FinishedAtMs - verdict.StartedAtMs) / 1000.0:0.0} s; ChainQuery reached {tip} meanwhile), {next.Id} (incremental from {next.FromHeight}, {next.BlocksChecked} blocks)");
        wallets.ToList().ForEach(w => w.Dispose());
    }

    private async Task SubmitRoundAsync(IReadOnlyList<Wallet> wallets, CancellationToken cancellationToken)
    {
        var round = wallets.Select((w, i) => w.Transfer(wallets[(i + 1) % wallets.Count].Address, 10)).ToList();
        await fixture.System.Client.SubmitAllAsync(round, cancellationToken);
        await fixture.System.Client.WaitUntilConfirmedAsync(round.Select(t => t.Id), cancellationToken);
    }
}
