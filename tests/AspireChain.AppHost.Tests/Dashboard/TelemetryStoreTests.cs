using AspireChain.AppHost.Dashboard.Telemetry;

namespace AspireChain.AppHost.Tests.Dashboard;

/// <summary>The store's bounds and the block view's reading of spans shaped like the real services' (DESIGN §6).</summary>
public sealed class TelemetryStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Spans_beyond_the_bound_evict_the_oldest_and_empty_traces_disappear()
    {
        var store = new TelemetryStore(maxSpans: 3);

        store.AddSpans([Span("a", "1", "first", 0), Span("a", "2", "second", 1), Span("b", "3", "third", 2)]);
        store.AddSpans([Span("b", "3", "third again", 2)]); // an exporter retry: same ids, ignored
        store.AddSpans([Span("c", "4", "fourth", 3), Span("c", "5", "fifth", 4)]);

        Assert.Equal(3, store.SpanCount);
        Assert.Empty(store.GetTrace("a"));
        Assert.Equal(["third"], store.GetTrace("b").Select(span => span.Name));
        Assert.Equal(["c", "b"], store.GetTraces().Select(trace => trace.TraceId));
    }

    [Fact]
    public async Task WaitForAsync_completes_when_telemetry_arrives_and_times_out_otherwise()
    {
        var store = new TelemetryStore();

        var waiting = store.WaitForAsync(s => s.GetTrace("a").Count == 1, TimeSpan.FromSeconds(30));
        store.AddSpans([Span("a", "1", "arrived", 0)]);

        Assert.True(await waiting);
        Assert.False(await store.WaitForAsync(s => s.SpanCount > 1, TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void Block_view_reads_the_services_attribute_names_and_skips_abandoned_searches()
    {
        var store = new TelemetryStore();
        store.AddSpans(
        [
            // Accepted at height 7: miner-2's search (continuing its first transaction's trace), then validator and ChainQuery.
            Span("t1", "p", "POST /transactions", 0, service: "ingest"),
            Span("t1", "m", "block.mine", 100, 900, parent: "p", service: "miner", instance: "miner-2", attributes: new()
            {
                ["aspirechain.block.height"] = "7", ["aspirechain.block.tx_count"] = "3", ["aspirechain.miner.instance"] = "miner-2",
                ["aspirechain.pow.hash_rate"] = "250000", ["aspirechain.pow.outcome"] = "Found", ["aspirechain.block.hash"] = "00ab",
            }),
            Span("t1", "v", "block.validate", 910, 930, parent: "m", service: "validator", attributes: new()
            {
                ["aspirechain.block.height"] = "7", ["aspirechain.block.hash"] = "00ab", ["aspirechain.block.verdict"] = "accepted", ["aspirechain.block.stale"] = "false",
            }),
            Span("t1", "c", "block.commit", 931, 950, parent: "v", service: "validator", attributes: new() { ["aspirechain.block.height"] = "7", ["aspirechain.block.hash"] = "00ab" }),
            Span("t1", "a", "block.apply", 960, 1000, parent: "c", service: "chainquery", attributes: new() { ["block.height"] = "7", ["block.hash"] = "00ab", ["block.tx_count"] = "3" }),

            // Rejected candidate for height 7 with a bad proof of work.
            Span("t2", "m2", "block.mine", 100, 700, service: "miner", instance: "miner-0", attributes: new()
            {
                ["aspirechain.block.height"] = "7", ["aspirechain.block.hash"] = "ffee", ["aspirechain.miner.instance"] = "miner-0",
            }),
            Span("t2", "v2", "block.validate", 710, 712, parent: "m2", service: "validator", status: "error", attributes: new()
            {
                ["aspirechain.block.height"] = "7", ["aspirechain.block.hash"] = "ffee", ["aspirechain.block.verdict"] = "high-hash", ["aspirechain.block.stale"] = "false",
            }),

            // miner-1's search, cancelled when the tip moved: never a candidate.
            Span("t3", "m3", "block.mine", 100, 905, service: "miner", instance: "miner-1", attributes: new()
            {
                ["aspirechain.block.height"] = "7", ["aspirechain.pow.outcome"] = "Cancelled",
            }),
        ]);

        var blocks = BlockLifecycleView.Build(store);

        Assert.Equal(2, blocks.Count);
        var accepted = Assert.Single(blocks, block => block.Hash == "00ab");
        Assert.Equal((7L, "miner-2", 3, "accepted", (string?)null, 250_000d), (accepted.Height, accepted.Miner, accepted.TxCount, accepted.Outcome, accepted.Reason, accepted.HashRate));
        Assert.Equal(T0.AddMilliseconds(1000), accepted.ConfirmedAt);
        Assert.Equal(800, accepted.MineMs);
        var rejected = Assert.Single(blocks, block => block.Hash == "ffee");
        Assert.Equal(("rejected", "high-hash", "miner-0"), (rejected.Outcome, rejected.Reason, rejected.Miner));
    }

    private static TelemetrySpan Span(
        string traceId,
        string spanId,
        string name,
        int startMs,
        int? endMs = null,
        string? parent = null,
        string service = "svc",
        string? instance = null,
        string status = "unset",
        Dictionary<string, string>? attributes = null) =>
        new(traceId, spanId, parent, name, "internal", service, instance ?? service, "test",
            T0.AddMilliseconds(startMs), T0.AddMilliseconds(endMs ?? startMs + 1), status, null,
            attributes ?? [], [], []);
}
