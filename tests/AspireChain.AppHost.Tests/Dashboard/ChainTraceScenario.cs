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

    public static Result Emit(string endpoint, OtlpExportProtocol protocol)
    {
        using var ingest = new ExportingService("ingest", "ingest", endpoint, protocol);
        using var miner = new ExportingService("miner", "miner-0", endpoint, protocol);
        using var loser = new ExportingService("miner", "miner-1", endpoint, protocol);
        using var validator = new ExportingService("validator", "validator", endpoint, protocol);
        using var chainquery = new ExportingService("chainquery", "chainquery", endpoint, protocol);

        var hashRate = 0d;
        miner.Meter.CreateObservableGauge("aspirechain.miner.hash_rate", () => hashRate, "{hash}/s");
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
}
