using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AspireChain.ChainQuery.Tests.Infrastructure;
using AspireChain.ChainQuery.Telemetry;
using AspireChain.Contracts.Messages;
using AspireChain.EmbeddedKafka;
using AspireChain.Ledger;
using static AspireChain.ChainQuery.Tests.Infrastructure.ChainQueryHost;

namespace AspireChain.ChainQuery.Tests;

/// <summary>ChainQuery's <c>aspirechain.chain.*</c> instruments, listened to on exactly the hosted instance's meter.</summary>
public sealed class ChainMetricsTests() : PublishedChainTests("chain-metrics-tests-")
{
    [Fact]
    public async Task Height_throughput_intervals_hash_rate_lost_candidates_and_confirmation_latency_are_measured()
    {
        await using var query = await ChainQueryHost.StartAsync(_broker.BootstrapServers, Path.Combine(_dataDirectory, "chainquery.db"));
        var measurements = new ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)>();
        var units = new ConcurrentDictionary<string, string?>();
        // Other test classes host ChainQuery in this process too: listen only to this host's meter.
        var factory = query.Get<IMeterFactory>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ChainMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    units[instrument.Name] = instrument.Unit;
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        listener.Start();

        // Genesis is stored by the follower as the host starts: then the height gauge reads 0.
        await Eventually.TrueAsync(
            () =>
            {
                listener.RecordObservableInstruments();
                return Values(measurements, ChainMetrics.Height).LastOrDefault(-1) == 0;
            },
            "the height gauge to report genesis");

        using var faucet = DevFaucet.CreateKeyPair();
        using var alice = KeyPair.Generate();
        var first = Wallets.Transfer(faucet, alice.Address, 1_000, 0);
        var second = Wallets.Transfer(faucet, alice.Address, 1_000, 1);
        var third = Wallets.Transfer(alice, faucet.Address, 10, 0);
        _publisher.Transaction(first);
        _publisher.Block(_chain.Next(first, second));
        _publisher.Block(_chain.Next());
        _publisher.Block(_chain.Next(third));
        var at = DateTimeOffset.UtcNow;
        _publisher.Rejection(new Rejection(RejectionKinds.Block, new string('e', 64), 2, "stale", "lost the race", "validator", at));
        _publisher.Rejection(new Rejection(RejectionKinds.Block, new string('e', 64), 2, "stale", "lost the race", "validator", at));
        _publisher.Rejection(new Rejection(RejectionKinds.Block, new string('d', 64), 3, "stale", "lost the race", "validator", at));
        _publisher.Rejection(new Rejection(RejectionKinds.Block, new string('f', 64), 3, "high-hash", "hash above target", "validator", at));
        _publisher.Rejection(new Rejection(RejectionKinds.Block, new string('a', 64), 3, "No Such Code!", "from a rogue producer", "rogue", at));

        await WaitForHeightAsync(query, 3);
        (await WaitForAsync(query, "/stats", s => s.RootElement.GetProperty("rejectedBlocks").GetInt64() == 4)).Dispose();
        await Eventually.TrueAsync(() => Values(measurements, ChainMetrics.ConfirmationDuration).Count > 0, "the confirmation latency of the submitted transfer");

        Assert.Equal(3, Values(measurements, ChainMetrics.BlocksApplied).Sum());
        Assert.Equal(3, Values(measurements, ChainMetrics.TransactionsConfirmed).Sum());
        Assert.Equal(2, Values(measurements, ChainMetrics.CandidatesStale).Sum());
        Assert.Equal(2, Values(measurements, ChainMetrics.CandidatesRejected).Sum());
        Assert.Equal(
            ["high-hash", "other"],
            measurements.Where(m => m.Instrument == ChainMetrics.CandidatesRejected)
                .Select(m => (string?)Assert.Single(m.Tags, t => t.Key == ChainMetrics.ReasonTag).Value).Order());
        // The test chain's blocks are 1 s apart; genesis' fixed timestamp gives block 1 no interval.
        Assert.Equal([1.0, 1.0], Values(measurements, ChainMetrics.BlockInterval));
        // Only the first transfer's submission was seen on `transactions`.
        Assert.InRange(Assert.Single(Values(measurements, ChainMetrics.ConfirmationDuration)), 0, 60);

        listener.RecordObservableInstruments();
        Assert.Equal(3, Values(measurements, ChainMetrics.Height)[^1]);
        using (var stats = await GetJsonAsync(query, "/stats"))
        {
            var hashRate = stats.RootElement.GetProperty("hashRate").GetDouble();
            Assert.True(hashRate > 0);
            Assert.Equal(hashRate, Values(measurements, ChainMetrics.HashRate)[^1], 6);
        }

        Assert.Equal(
            new Dictionary<string, string?>
            {
                [ChainMetrics.Height] = "{block}",
                [ChainMetrics.TransactionsConfirmed] = "{transaction}",
                [ChainMetrics.BlocksApplied] = "{block}",
                [ChainMetrics.CandidatesStale] = "{block}",
                [ChainMetrics.CandidatesRejected] = "{block}",
                [ChainMetrics.BlockInterval] = "s",
                [ChainMetrics.HashRate] = "{hash}/s",
                [ChainMetrics.ConfirmationDuration] = "s",
            },
            units.ToDictionary());
    }

    private static List<double> Values(IEnumerable<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> measurements, string instrument) =>
        [.. measurements.Where(m => m.Instrument == instrument).Select(m => m.Value)];
}
