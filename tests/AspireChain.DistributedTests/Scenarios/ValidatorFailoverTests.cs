using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using AspireChain.Contracts.Telemetry;
using AspireChain.DistributedTests.Infrastructure;
using AspireChain.DistributedTests.Systems;
using AspireChain.Ledger;
using AspireChain.Testing;
using Xunit.Abstractions;

namespace AspireChain.DistributedTests.Scenarios;

/// <summary>Scenario 3: the active validator dies mid-stream; the hot standby takes over without a second block per height, a lost block or a double apply.</summary>
[Collection(FailoverSystemCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class ValidatorFailoverTests(FailoverSystemFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task The_standby_validator_takes_over_and_no_height_gets_two_blocks_no_block_is_lost_no_tx_applies_twice()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var system = fixture.System;
        var resources = system.Resources;
        var validators = system.Validators;
        Assert.Equal(2, validators.Count);
        var wallets = await system.Faucet.CreateFundedWalletsAsync(20, 100_000, cts.Token);
        // The active validator is the one judging candidates: its block.validate spans say which instance it is.
        // (GET /validator cannot tell: the standby reports active=true too, see the report.)
        var active = (await Eventually.GetAsync(_ => Task.FromResult(LastJudge(system, DateTimeOffset.MinValue)), j => j is not null, "a block.validate span", cts.Token))!;
        var standby = validators.Single(v => v != active);

        var submitted = new List<Transaction>();
        for (var round = 0; round < 2; round++)
        {
            submitted.AddRange(await SubmitRoundAsync(wallets, cts.Token));
            await system.Client.WaitUntilConfirmedAsync(submitted.Select(t => t.Id), cts.Token);
        }

        // Mid-stream: candidates for this round are being mined and judged when the active validator dies.
        submitted.AddRange(await SubmitRoundAsync(wallets, cts.Token));
        var heightAtKill = await system.Client.Query.GetTipHeightAsync(cts.Token);
        var killedAt = DateTimeOffset.UtcNow;
        await resources.KillAsync(active, cts.Token);
        var failover = Stopwatch.StartNew();
        Assert.Contains(resources.State(active), KnownResourceStates.TerminalStates);
        for (var round = 0; round < 3; round++)
        {
            submitted.AddRange(await SubmitRoundAsync(wallets, cts.Token));
        }

        await system.Client.Query.WaitForNoncesAsync(wallets, cts.Token);
        var takeOverTime = failover.Elapsed;
        await system.Client.WaitUntilConfirmedAsync(submitted.Select(t => t.Id), cts.Token);
        var confirmedAfter = failover.Elapsed;

        var audit = await system.AuditAsync(cts.Token);
        audit.AssertSound();
        Assert.All(submitted, t => Assert.Single(audit.TransactionHeights[t.Id]));
        Assert.True((long)audit.Height > heightAtKill, "the standby accepted no block after the take-over");
        Assert.Equal(standby, await Eventually.GetAsync(_ => Task.FromResult(LastJudge(system, killedAt)), j => j is not null, "a block.validate span after the kill", cts.Token));
        var standbyNow = await system.GetValidatorAsync(standby, cts.Token);
        Assert.True(standbyNow.Active);
        Assert.Equal(((long)audit.Height, audit.Chain.TipHash.ToString()), (standbyNow.Height, standbyNow.TipHash));
        await ChainSystem.AssertChainQueryAgreesAsync(system.Client.Query, audit, [.. wallets.Select(w => w.Address), system.Faucet.Address, .. audit.Miners], cts.Token);
        output.WriteLine($"killed {active} at height {heightAtKill}; {standby} took over, every wallet's transfers confirmed {takeOverTime.TotalSeconds:F1} s after the kill (next candidate offset {standbyNow.NextCandidateOffset}); all {submitted.Count} transfers confirmed {confirmedAfter.TotalSeconds:F1} s after the kill; chain height {audit.Height}, {audit.Records} records on blocks");
        wallets.ToList().ForEach(w => w.Dispose());
    }

    /// <summary>
    /// The validator replica that judged the latest candidate started after <paramref name="since"/>, per the spans it
    /// exported (their <c>service.instance.id</c> is the replica's suffix, <c>validator-&lt;id&gt;</c>).
    /// </summary>
    private static string? LastJudge(ChainSystem system, DateTimeOffset since) =>
        system.Spans.FindSpans(s => s.Name == ChainSpans.BlockValidate && s.Start > since).MaxBy(s => s.Start)?.ServiceInstanceId is { } id
            ? system.Validators.Single(v => v == $"validator-{id}")
            : null;

    private async Task<IReadOnlyList<Transaction>> SubmitRoundAsync(IReadOnlyList<Wallet> wallets, CancellationToken cancellationToken)
    {
        var round = wallets.Select((w, i) => w.Transfer(wallets[(i + 1) % wallets.Count].Address, 10)).ToList();
        await fixture.System.Client.SubmitAllAsync(round, cancellationToken);
        return round;
    }
}
