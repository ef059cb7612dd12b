using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using AspireChain.Contracts.Kafka;
using AspireChain.DistributedTests.Infrastructure;
using AspireChain.DistributedTests.Systems;
using AspireChain.Ledger;
using AspireChain.Testing;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace AspireChain.DistributedTests.Scenarios;

/// <summary>
/// Scenario: the broker has evicted the start of <c>blocks</c>, so nothing can replay the chain from genesis. A miner
/// added with an empty store and a ChainQuery whose store was wiped join from the Validator's newest verifiable snapshot,
/// reach the tip, and from then on the new miner wins blocks and ChainQuery shows exactly the Validator's balances.
/// </summary>
[Collection(JoinSystemCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class SnapshotJoinTests(JoinSystemFixture fixture, ITestOutputHelper output)
{
    // A miner mines only the transfers of the transactions partitions it owns (keyed by sender), so the joined miner can
    // win a block only if some sender hashes to its share (2 or 3 of 8 partitions). With 8 senders that failed about one
    // run in ten ((6/8)^8); with 40 it is (6/8)^40, about 1 in 100,000.
    private const int Senders = 40;

    [Fact]
    public async Task After_blocks_lost_offset_0_a_new_miner_and_a_wiped_ChainQuery_join_from_a_snapshot_and_agree_with_the_validator()
    {
        try
        {
            await JoinAsync();
        }
        catch
        {
            // What the services said, for the failure's cause.
            var resources = fixture.System.Resources;
            // Each miner's tip, partitions and mempool: a miner with nothing to mine cannot win a block.
            foreach (var miner in (string[])[.. fixture.System.Miners, JoinSystemFixture.JoiningMiner])
            {
                try
                {
                    using var status = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    output.WriteLine($"{miner}: {await fixture.System.GetMinerAsync(miner, status.Token)}");
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException)
                {
                    output.WriteLine($"{miner}: /miner unavailable ({e.Message})");
                }
            }

            foreach (var instance in (string[])[.. fixture.System.Validators, .. fixture.System.Miners, JoinSystemFixture.JoiningMiner, JoinSystemFixture.RebuiltChainQuery, "chainquery"])
            {
                foreach (var line in resources.ConsoleLogs(instance).Where(l => l.Content.Contains("fail", StringComparison.OrdinalIgnoreCase)
                    || l.Content.Contains("snapshot", StringComparison.OrdinalIgnoreCase) || l.Content.Contains("Exception", StringComparison.Ordinal)
                    || l.Content.Contains("crit", StringComparison.Ordinal) || l.Content.Contains("Stopped", StringComparison.Ordinal)
                    || l.Content.Contains("Rejected candidate", StringComparison.Ordinal) || l.Content.Contains("Mined candidate", StringComparison.Ordinal)
                    || l.Content.Contains("partition", StringComparison.OrdinalIgnoreCase)).TakeLast(40))
                {
                    output.WriteLine($"{instance}: {line.Content}");
                }
            }

            throw;
        }
    }

    private async Task JoinAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var system = fixture.System;
        var resources = system.Resources;
        var wallets = await system.Faucet.CreateFundedWalletsAsync(Senders, 100_000, cts.Token);
        await RoundAsync(wallets, cts.Token);

        // Junk the size of the broker's whole partition: every reader steps over it, and the broker evicts offset 0. Paced
        // (about 1 MiB/s) so the running readers keep up: a burst would also evict records they have not read yet (the
        // embedded broker's eviction does not wait for readers), a case the Validator's eviction snapshot covers for miners.
        using (var adversary = new Adversary(system.BootstrapServers))
        {
            var junk = new byte[256 * 1024];
            for (var i = 0; i < 24; i++)
            {
                await adversary.WriteAsync(Topics.Blocks, "junk", junk, cancellationToken: cts.Token);
                await Task.Delay(TimeSpan.FromMilliseconds(250), cts.Token);
            }
        }

        var low = LowWatermark(system.BootstrapServers, Topics.Blocks);
        Assert.True(low > 0, "the broker evicted blocks offset 0");

        // The chain goes on until a snapshot after the junk is published (one every 5 blocks).
        await Eventually.TrueAsync(async ct =>
        {
            await RoundAsync(wallets, ct);
            return ChainLog.NewestSnapshot(system.BootstrapServers, out _, SystemNetwork.Parameters) is { } s && s.Manifest.BlocksOffset >= low;
        }, "a snapshot the broker's blocks can be continued from", cts.Token);

        // A miner replica with an empty store, and ChainQuery's store wiped: both must join from the snapshot.
        var tipBefore = (await system.GetValidatorAsync(system.Validators[0], cts.Token)).Height;
        var rebuilt = system.CreateChainQueryClient(JoinSystemFixture.RebuiltChainQuery);
        await resources.StopAsync(JoinSystemFixture.RebuiltChainQuery, cts.Token);
        foreach (var file in Directory.GetFiles(fixture.RebuiltChainQueryDirectory))
        {
            File.Delete(file);
        }

        var started = Stopwatch.StartNew();
        await Task.WhenAll(
            resources.StartAsync(JoinSystemFixture.JoiningMiner, cts.Token),
            resources.StartAsync(JoinSystemFixture.RebuiltChainQuery, cts.Token));
        var minerJoined = WaitAsync(async ct => (await system.GetMinerAsync(JoinSystemFixture.JoiningMiner, ct)).Height >= tipBefore, started, "the new miner at the tip", cts.Token);
        var queryJoined = WaitAsync(async ct => (await StatsAsync(rebuilt, ct)).GetProperty("height").GetInt64() >= tipBefore, started, "the rebuilt ChainQuery at the tip", cts.Token);
        var (minerSeconds, querySeconds) = (await minerJoined, await queryJoined);

        var stats = await StatsAsync(rebuilt, cts.Token);
        var historyFrom = stats.GetProperty("historyFrom").GetInt64();
        Assert.InRange(historyFrom, 2, tipBefore + 1);
        var joiner = await system.GetMinerAsync(JoinSystemFixture.JoiningMiner, cts.Token);
        var following = await resources.CreateHttpClient(JoinSystemFixture.JoiningMiner).GetFromJsonAsync<JsonElement>("/health/report", cts.Token);
        output.WriteLine($"blocks low watermark {low}; tip {tipBefore} when they started; miner at the tip after {minerSeconds:F1} s, ChainQuery after {querySeconds:F1} s (history from {historyFrom}); miner health: {following.GetProperty("status")}");

        // The new miner wins blocks on the joined chain.
        var reward = Address.Parse(joiner.RewardAddress);
        Block? won = null;
        await Eventually.TrueAsync(async ct =>
        {
            await RoundAsync(wallets, ct);
            var chain = await AuditedChain.ReadFromSnapshotAsync(system.BootstrapServers, ct);
            won = chain.Chain.Blocks.FirstOrDefault(b => b.Header.Miner == reward);
            return won is not null;
        }, "a block mined by the joined miner", cts.Token);

        // The referee: the newest verifiable snapshot plus every signed block after it is the Validator's chain.
        await RoundAsync(wallets, cts.Token);
        var audit = await AuditedChain.ReadFromSnapshotAsync(system.BootstrapServers, cts.Token);
        Assert.Empty(audit.Problems);
        Assert.All(audit.TransactionHeights, p => Assert.Single(p.Value));
        var validator = await system.GetValidatorAsync(system.Validators[0], cts.Token);
        Assert.True((ulong)validator.Height >= audit.Height);
        if ((ulong)validator.Height == audit.Height)
        {
            Assert.Equal(validator.TipHash, audit.Chain.TipHash.ToString());
        }

        // The tip header the Validator signed commits to exactly the replayed balances; supply is premine + one subsidy per block.
        Assert.Equal(audit.Chain.TipHeader.StateRoot, StateCommitment.ComputeRoot(audit.Chain.State));
        var network = SystemNetwork.Parameters;
        var premine = network.Premine.Aggregate(0UL, (s, p) => s + p.Amount);
        Assert.Equal(premine + audit.Height * network.BlockSubsidy, audit.SumOfBalances);
        Assert.Equal(audit.Chain.State.TotalSupply, audit.SumOfBalances);

        await rebuilt.WaitForHeightAsync((long)audit.Height, cts.Token);
        var verification = await rebuilt.VerifyChainAsync(cts.Token);
        Assert.True(verification.Valid, $"/chain/verify after joining: {verification}");
        Address[] addresses = [.. wallets.Select(w => w.Address), system.Faucet.Address, .. audit.Chain.State.Accounts.Keys];
        foreach (var address in addresses.Distinct())
        {
            var shown = await rebuilt.GetAccountAsync(address.ToString(), cts.Token);
            var replayed = audit.Chain.GetAccount(address);
            Assert.True((ulong)shown.Balance == replayed.Balance && (ulong)shown.Nonce == replayed.Nonce,
                $"{address}: ChainQuery shows {shown.Balance}/{shown.Nonce}, the chain {replayed.Balance}/{replayed.Nonce}");
        }

        // The block the joined miner won is part of the chain the rebuilt ChainQuery holds (it joined before it).
        var listed = await rebuilt.GetWholeChainAsync(cts.Token);
        Assert.Contains(((long)won!.Height, won.Hash.ToString()), listed.Select(l => (l.Height, l.Hash)));
        Assert.Equal(0, listed[0].Height);
        Assert.Equal(historyFrom, listed[1].Height);
        Assert.NotNull(validator.LastSnapshot);
        output.WriteLine($"validator's last snapshot: {validator.LastSnapshot}");
        output.WriteLine($"audited height {audit.Height} from the newest snapshot; the joined miner won block {won.Height}; {addresses.Distinct().Count()} balances equal");
        wallets.ToList().ForEach(w => w.Dispose());
    }

    private async Task RoundAsync(IReadOnlyList<Wallet> wallets, CancellationToken cancellationToken)
    {
        var round = wallets.Select((w, i) => w.Transfer(wallets[(i + 1) % wallets.Count].Address, 10)).ToList();
        await fixture.System.Client.SubmitAllAsync(round, cancellationToken);
        await fixture.System.Client.WaitUntilConfirmedAsync(round.Select(t => t.Id), cancellationToken);
    }

    private static async Task<double> WaitAsync(Func<CancellationToken, Task<bool>> condition, Stopwatch started, string what, CancellationToken cancellationToken)
    {
        await Eventually.TrueAsync(async ct =>
        {
            try
            {
                return await condition(ct);
            }
            catch (HttpRequestException)
            {
                return false; // Not listening yet.
            }
        }, what, cancellationToken);
        return started.Elapsed.TotalSeconds;
    }

    private static async Task<JsonElement> StatsAsync(ChainQueryClient query, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = query.BaseAddress };
        return await http.GetFromJsonAsync<JsonElement>("/stats", cancellationToken);
    }

    private static long LowWatermark(string bootstrapServers, string topic)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "watermarks" }).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(5)).Low.Value;
    }
}
