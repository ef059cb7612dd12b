using AspireChain.Contracts.Telemetry;
using AspireChain.DistributedTests.Infrastructure;
using AspireChain.DistributedTests.Systems;
using AspireChain.Testing;
using AspireChain.Testing.Telemetry;
using Xunit.Abstractions;

namespace AspireChain.DistributedTests.Scenarios;

/// <summary>Scenario 7: one transaction's story is one trace (plus its block's, linked) across the four services, as an OTLP endpoint the test hosts received it.</summary>
[Collection(SharedSystemCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class TraceContinuityTests(SharedSystemFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] Services = ["ingest", "miner", "validator", "chainquery"];

    [Fact]
    public async Task A_transaction_trace_spans_ingest_miner_validator_and_chainquery_correctly_parented_or_linked()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var system = fixture.System;
        var telemetry = system.Spans;
        var wallets = await system.Faucet.CreateFundedWalletsAsync(1, 10_000, cts.Token);
        using var wallet = wallets[0];
        using var other = Wallet.Create();
        var transfer = wallet.Transfer(other.Address, 42);
        using (var response = await system.Client.PostAsync(transfer, cts.Token))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }

        await system.Client.WaitUntilConfirmedAsync([transfer.Id], cts.Token);
        var id = transfer.Id.ToString();

        // Spans arrive in export batches (~1 s): wait until the story is complete, then assert on it.
        TraceStory? story = null;
        await telemetry.WaitForAsync(store => (story = TraceStory.Find(store, id)) is { IsComplete: true }, TimeSpan.FromSeconds(60), cts.Token);
        Assert.NotNull(story);
        output.WriteLine(story.Describe());

        Assert.Equal(Services.Order(), story.Services.Order());
        Assert.Equal("ingest", story.Root.ServiceName);
        Assert.Contains(story.Transaction, s => s.Name == ChainSpans.TransactionSubmit && s.ServiceName == "ingest");
        // The miner's admission continues the ingest producer's span across Kafka (traceparent header).
        var send = Assert.Single(story.Transaction, s => s.ServiceName == "ingest" && s.Kind == "producer");
        Assert.Contains(story.Transaction, s => s.ServiceName == "miner" && s.ParentSpanId == send.SpanId);
        // The block: mined in this trace, or in its own trace with a span link to this one.
        Assert.True(story.Mine.TraceId == story.TraceId || story.Mine.Links.Any(l => l.TraceId == story.TraceId), "block.mine is neither in the trace nor linked to it");
        Assert.Equal(transfer.Id.ToString(), id);
        foreach (var name in (string[])[ChainSpans.BlockValidate, ChainSpans.BlockCommit])
        {
            Assert.Contains(story.Block, s => s.Name == name && s.ServiceName == "validator");
        }

        Assert.Contains(story.Block, s => s.Name == ChainSpans.BlockApply && s.ServiceName == "chainquery");
        // Correctly parented: within each trace exactly one root; every other span's parent is in the same trace.
        foreach (var trace in story.Traces)
        {
            var ids = trace.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
            var roots = trace.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).ToList();
            Assert.True(roots.Count == 1, $"trace {trace[0].TraceId} has {roots.Count} roots: {string.Join(", ", roots.Select(r => $"{r.ServiceName}/{r.Name}"))}");
        }
    }

    /// <summary>The spans of a transaction's trace and of its block's trace (the same one when the block continues it).</summary>
    private sealed record TraceStory(string TraceId, IReadOnlyList<TelemetrySpan> Transaction, TelemetrySpan Mine, IReadOnlyList<TelemetrySpan> Block)
    {
        public TelemetrySpan Root => Transaction.Single(s => s.ParentSpanId is null || Transaction.All(p => p.SpanId != s.ParentSpanId));

        public IReadOnlyList<IReadOnlyList<TelemetrySpan>> Traces => Mine.TraceId == TraceId ? [Transaction] : [Transaction, Block];

        public IReadOnlyList<string> Services => [.. Transaction.Concat(Block).Select(s => s.ServiceName).Distinct()];

        /// <summary>Every service seen, the block's lifecycle present and no span waiting for its parent to arrive.</summary>
        public bool IsComplete =>
            Services.Count == 4
            && Block.Any(s => s.Name == ChainSpans.BlockApply)
            && Block.Any(s => s.Name == ChainSpans.BlockCommit)
            && Traces.All(t => t.Count(s => s.ParentSpanId is null || t.All(p => p.SpanId != s.ParentSpanId)) == 1);

        public static TraceStory? Find(SpanStore store, string transactionId)
        {
            var submit = store.FindSpans(s => s.Name == ChainSpans.TransactionSubmit && s.Attribute(ChainAttributes.TransactionId) == transactionId).FirstOrDefault();
            if (submit is null)
            {
                return null;
            }

            var trace = store.GetTrace(submit.TraceId);
            // A nonce search abandoned for a newer tip also links the transaction: prefer the search whose block was applied.
            var searches = trace.Where(s => s.Name == ChainSpans.BlockMine)
                .Concat(store.FindSpans(s => s.Name == ChainSpans.BlockMine && s.Links.Any(l => l.TraceId == submit.TraceId)))
                .Select(mine => (Mine: mine, Block: mine.TraceId == submit.TraceId ? trace : store.GetTrace(mine.TraceId)))
                .ToList();
            if (searches.Count == 0)
            {
                return null;
            }

            var (found, block) = searches.FirstOrDefault(m => m.Block.Any(s => s.Name == ChainSpans.BlockApply && s.Attribute(ChainAttributes.BlockHash) == m.Mine.Attribute(ChainAttributes.BlockHash)), searches[0]);
            return new TraceStory(submit.TraceId, trace, found, block);
        }

        public string Describe() => string.Join(Environment.NewLine, Transaction.Concat(Mine.TraceId == TraceId ? [] : Block)
            .OrderBy(s => s.Start).Select(s => $"{s.TraceId[..8]} {s.ServiceInstanceId,-12} {s.Kind,-9} {s.Name}"));
    }
}
