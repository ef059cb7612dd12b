using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;

namespace AspireChain.AppHost.Tests.Dashboard;

/// <summary>
/// Exports, through four real OTLP exporters (ingest, miner-0, validator, chainquery; miner-1 for a losing candidate),
/// the spans a transaction and its block produce in the real system, with the names and attributes DESIGN §6 gives.
/// </summary>
internal static class ChainTraceScenario
{
    public const long Height = 42;
    public const string AcceptedHash = "00000a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddee";
    public const string StaleHash = "00000ffeeddccbbaa99887766554433221100ffeeddccbbaa9988776655443322";

    /// <summary>The transaction's trace id (it spans all four services) and the losing candidate's trace id.</summary>
    public sealed record Result(string TransactionTraceId, string StaleTraceId);

    /// <param name="historyBlocks">Blocks (with a stale candidate every fifth height) to emit before height 42, spread over the preceding
    /// ~2.5 s each, so the blocks and metrics pages have a history to show.</param>
    /// <param name="exportHashRateMetric">Whether miner-0 also exports a hash-rate gauge (else the chart derives it from the spans).</param>
    public static Result Emit(string endpoint, OtlpExportProtocol protocol, int historyBlocks = 0, bool exportHashRateMetric = true)
    {
        using var ingest = new ExportingService("ingest", "ingest", endpoint, protocol);
        using var miner = new ExportingService("miner", "miner-0", endpoint, protocol);
        using var loser = new ExportingService("miner", "miner-1", endpoint, protocol);
        using var validator = new ExportingService("validator", "validator", endpoint, protocol);
        using var chainquery = new ExportingService("chainquery", "chainquery", endpoint, protocol);

        var hashRate = 0d;
        if (exportHashRateMetric)
        {
            miner.Meter.CreateObservableGauge("aspirechain.miner.hash_rate", () => hashRate, "{hash}/s");
        }

        var mined = miner.Meter.CreateCounter<long>("aspirechain.miner.blocks_mined");

        // Explicit times give the waterfall a realistic shape: a ~0.8 s proof-of-work search in the middle.
        var t0 = DateTimeOffset.UtcNow.AddSeconds(-3);
        DateTimeOffset At(int milliseconds) => t0.AddMilliseconds(milliseconds);

        Activity Start(ExportingService service, string name, ActivityKind kind, ActivityContext parent, int startMs, IEnumerable<ActivityLink>? links = null)
        {
            // A default parent means "root": do not let an ambient Activity.Current adopt it.
            Activity.Current = null;
            return service.Source.StartActivity(name, kind, parent, tags: null, links, At(startMs))
                ?? throw new InvalidOperationException($"{name}: no listener sampled the span.");
        }

        static void End(Activity activity, DateTimeOffset end)
        {
            activity.SetEndTime(end.UtcDateTime);
            activity.Stop();
        }

        EmitHistory(historyBlocks, t0, ingest, [miner, loser], validator, chainquery, Start, End);

        var post = Start(ingest, "POST /transactions", ActivityKind.Server, default, 0);
        post.SetTag("http.request.method", "POST").SetTag("url.path", "/transactions").SetTag("http.response.status_code", 202);
        ingest.Logger.LogInformation("Accepted transaction {TransactionId}", "tx-0001");
        var sendTx = Start(ingest, "send transactions", ActivityKind.Producer, post.Context, 3);
        sendTx.SetTag("messaging.system", "kafka").SetTag("messaging.destination.name", "transactions").SetTag("messaging.operation.type", "send");
        End(sendTx, At(9));
        End(post, At(12));

        var admit = Start(miner, "process transactions", ActivityKind.Consumer, sendTx.Context, 15);
        admit.SetTag("messaging.system", "kafka").SetTag("messaging.destination.name", "transactions");
        var mine = Start(miner, "block.mine", ActivityKind.Internal, admit.Context, 20, [new ActivityLink(sendTx.Context)]);
        mine.SetTag("aspirechain.block.height", Height).SetTag("aspirechain.block.hash", AcceptedHash)
            .SetTag("aspirechain.block.tx_count", 1).SetTag("aspirechain.block.attempts", 98_000).SetTag("aspirechain.block.hash_rate", 122_500.0);
        var sendCandidate = Start(miner, "send candidates", ActivityKind.Producer, mine.Context, 815);
        End(sendCandidate, At(822));
        End(mine, At(825));
        End(admit, At(826));

        var validate = Start(validator, "block.validate", ActivityKind.Consumer, sendCandidate.Context, 830);
        validate.SetTag("aspirechain.block.height", Height).SetTag("aspirechain.block.hash", AcceptedHash).SetTag("aspirechain.block.outcome", "accepted");
        End(validate, At(850));
        var commit = Start(validator, "block.commit", ActivityKind.Internal, validate.Context, 851);
        commit.SetTag("aspirechain.block.height", Height);
        var sendBlock = Start(validator, "send blocks", ActivityKind.Producer, commit.Context, 855);
        End(sendBlock, At(868));
        End(commit, At(870));

        var apply = Start(chainquery, "block.apply", ActivityKind.Consumer, sendBlock.Context, 880);
        apply.SetTag("aspirechain.block.height", Height).SetTag("aspirechain.block.hash", AcceptedHash);
        End(apply, At(900));

        // miner-1 lost the race for the same height: its candidate is validated as stale in a trace of its own.
        var lostMine = Start(loser, "block.mine", ActivityKind.Internal, default, 40);
        lostMine.SetTag("aspirechain.block.height", Height).SetTag("aspirechain.block.hash", StaleHash).SetTag("aspirechain.block.tx_count", 0);
        var lostSend = Start(loser, "send candidates", ActivityKind.Producer, lostMine.Context, 835);
        End(lostSend, At(838));
        End(lostMine, At(840));
        var lostValidate = Start(validator, "block.validate", ActivityKind.Consumer, lostSend.Context, 871);
        lostValidate.SetTag("aspirechain.block.height", Height).SetTag("aspirechain.block.hash", StaleHash).SetTag("aspirechain.block.outcome", "stale");
        End(lostValidate, At(874));

        hashRate = 122_500;
        mined.Add(1);

        foreach (var service in new[] { ingest, miner, loser, validator, chainquery })
        {
            if (!service.Flush())
            {
                throw new InvalidOperationException("An OTLP exporter reported a failed export.");
            }
        }

        return new Result(post.TraceId.ToHexString(), lostMine.TraceId.ToHexString());
    }

    private static void EmitHistory(
        int blocks,
        DateTimeOffset end,
        ExportingService ingest,
        ExportingService[] miners,
        ExportingService validator,
        ExportingService chainquery,
        Func<ExportingService, string, ActivityKind, ActivityContext, int, IEnumerable<ActivityLink>?, Activity> start,
        Action<Activity, DateTimeOffset> stop)
    {
        // Offsets are relative to the scenario's t0 (negative = before it); block i is mined ~2.5 s after block i-1.
        for (var index = 0; index < blocks; index++)
        {
            var height = Height - blocks + index;
            var at = (int)((index - blocks) * 2_500);
            var winner = miners[index % miners.Length];
            var txCount = 5 + (index * 37 % 55);

            var post = start(ingest, "POST /transactions", ActivityKind.Server, default, at - 700, null);
            stop(post, end.AddMilliseconds(at - 690));
            var mine = start(winner, "block.mine", ActivityKind.Internal, default, at - 400, [new ActivityLink(post.Context)]);
            mine.SetTag("aspirechain.block.height", height).SetTag("aspirechain.block.hash", $"00000{height:x4}{index * 7919:x8}")
                .SetTag("aspirechain.block.tx_count", txCount).SetTag("aspirechain.block.hash_rate", 118_000.0 + (index * 7_717 % 9_000));
            stop(mine, end.AddMilliseconds(at));
            var validate = start(validator, "block.validate", ActivityKind.Consumer, mine.Context, at + 10, null);
            validate.SetTag("aspirechain.block.height", height).SetTag("aspirechain.block.outcome", "accepted");
            stop(validate, end.AddMilliseconds(at + 25));
            var commit = start(validator, "block.commit", ActivityKind.Internal, validate.Context, at + 26, null);
            stop(commit, end.AddMilliseconds(at + 40));
            var apply = start(chainquery, "block.apply", ActivityKind.Consumer, commit.Context, at + 50, null);
            apply.SetTag("aspirechain.block.height", height);
            stop(apply, end.AddMilliseconds(at + 65));

            if (index % 5 == 4)
            {
                var lost = start(miners[(index + 1) % miners.Length], "block.mine", ActivityKind.Internal, default, at - 380, null);
                lost.SetTag("aspirechain.block.height", height).SetTag("aspirechain.block.hash", $"00000{height:x4}ffff{index:x4}").SetTag("aspirechain.block.tx_count", txCount - 2);
                stop(lost, end.AddMilliseconds(at + 30));
                var stale = start(validator, "block.validate", ActivityKind.Consumer, lost.Context, at + 45, null);
                stale.SetTag("aspirechain.block.height", height).SetTag("aspirechain.block.outcome", "stale");
                stop(stale, end.AddMilliseconds(at + 48));
            }
        }
    }
}
