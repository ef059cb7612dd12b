using System.Globalization;

namespace AspireChain.AppHost.Dashboard.Telemetry;

/// <summary>
/// Builds the block-lifecycle view from the spans in the store. A candidate's spans share one trace (the Validator and
/// ChainQuery continue the miner's trace through Kafka headers), so spans are grouped by trace, then by block hash.
/// </summary>
public static class BlockLifecycleView
{
    private static readonly HashSet<string> BlockSpanNames = new(StringComparer.Ordinal)
    {
        ChainTelemetryNames.MineSpan, ChainTelemetryNames.ValidateSpan, ChainTelemetryNames.CommitSpan, ChainTelemetryNames.ApplySpan,
    };

    /// <summary>The most recent blocks first (by height, then time), at most <paramref name="limit"/>, optionally only those with a span ending at or after <paramref name="since"/>.</summary>
    public static IReadOnlyList<BlockLifecycle> Build(TelemetryStore telemetry, int limit = 200, DateTimeOffset? since = null)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        var blockSpans = telemetry.FindSpans(span => BlockSpanNames.Contains(span.Name) && (since is null || span.End >= since));

        // Group by block hash where known, else by trace: a validator that did not continue the trace still lines up.
        var groups = new Dictionary<string, List<TelemetrySpan>>(StringComparer.Ordinal);
        var hashOfTrace = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var span in blockSpans)
        {
            var hash = ChainTelemetryNames.First(span, ChainTelemetryNames.Hash);
            if (hash is not null)
            {
                hashOfTrace.TryAdd(span.TraceId, hash);
            }
        }

        foreach (var span in blockSpans)
        {
            var key = ChainTelemetryNames.First(span, ChainTelemetryNames.Hash) is { } hash
                ? "hash:" + hash
                : hashOfTrace.TryGetValue(span.TraceId, out var traceHash) ? "hash:" + traceHash : "trace:" + span.TraceId;
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
            }

            group.Add(span);
        }

        // Pick the page before describing: describing looks up every linked transaction trace.
        // A search cancelled because the tip moved never became a candidate, so it is no block to show.
        return [.. groups.Values
            .Where(group => !group.All(IsAbandonedSearch))
            .OrderByDescending(group => group.Select(span => ParseLong(ChainTelemetryNames.First(span, ChainTelemetryNames.Height))).Max() ?? -1)
            .ThenByDescending(group => group.Min(span => span.Start))
            .Take(Math.Max(0, limit))
            .Select(group => Describe(group, telemetry))];
    }

    private static BlockLifecycle Describe(List<TelemetrySpan> spans, TelemetryStore telemetry)
    {
        TelemetrySpan? Named(string name) => spans.Where(span => span.Name == name).OrderBy(span => span.Start).FirstOrDefault();
        string? Attribute(string[] keys) => spans.Select(span => ChainTelemetryNames.First(span, keys)).FirstOrDefault(value => value is not null);

        var mine = Named(ChainTelemetryNames.MineSpan);
        var validate = Named(ChainTelemetryNames.ValidateSpan);
        var commit = Named(ChainTelemetryNames.CommitSpan);
        var apply = Named(ChainTelemetryNames.ApplySpan);

        var linkedTraces = mine?.Links.Select(link => link.TraceId).Distinct(StringComparer.Ordinal).ToList() ?? [];
        var firstTx = linkedTraces
            .Select(telemetry.GetTraceStart)
            .Where(start => start is not null)
            .Min();
        var confirmedAt = apply?.End;
        var txCount = ParseInt(Attribute(ChainTelemetryNames.TxCount)) ?? (mine is not null ? mine.Links.Count : null);

        var outcome = OutcomeOf(validate, commit, apply, mine);
        return new BlockLifecycle(
            (mine ?? validate ?? commit ?? apply ?? spans[0]).TraceId,
            ParseLong(Attribute(ChainTelemetryNames.Height)),
            Attribute(ChainTelemetryNames.Hash),
            (mine is not null ? ChainTelemetryNames.First(mine, ChainTelemetryNames.Miner) : null) ?? Attribute(ChainTelemetryNames.Miner) ?? mine?.ServiceInstanceId,
            txCount,
            outcome,
            outcome is "stale" or "rejected" && validate is not null ? ChainTelemetryNames.First(validate, ChainTelemetryNames.Outcome) ?? validate.StatusMessage : null,
            mine?.Start,
            mine?.End,
            validate?.End,
            commit?.End,
            confirmedAt,
            firstTx,
            mine?.DurationMs,
            firstTx is not null && confirmedAt is not null ? (confirmedAt.Value - firstTx.Value).TotalMilliseconds : null,
            ParseDouble(mine is not null ? ChainTelemetryNames.First(mine, ChainTelemetryNames.HashRate) : null),
            linkedTraces);
    }

    private static bool IsAbandonedSearch(TelemetrySpan span) =>
        span.Name == ChainTelemetryNames.MineSpan
        && ChainTelemetryNames.First(span, ChainTelemetryNames.Hash) is null
        && ChainTelemetryNames.First(span, ChainTelemetryNames.SearchOutcome) is { } outcome
        && !outcome.Contains("found", StringComparison.OrdinalIgnoreCase);

    private static string OutcomeOf(TelemetrySpan? validate, TelemetrySpan? commit, TelemetrySpan? apply, TelemetrySpan? mine)
    {
        if (commit is not null || apply is not null)
        {
            return "accepted";
        }

        if (validate is null)
        {
            return mine is null ? "unknown" : "mined";
        }

        if (ChainTelemetryNames.First(validate, ChainTelemetryNames.Stale) is "true" or "True")
        {
            return "stale";
        }

        var outcome = ChainTelemetryNames.First(validate, ChainTelemetryNames.Outcome);
        if (outcome is not null)
        {
            return outcome.Contains("stale", StringComparison.OrdinalIgnoreCase) ? "stale"
                : outcome.Contains("accept", StringComparison.OrdinalIgnoreCase) || outcome.Equals("valid", StringComparison.OrdinalIgnoreCase) ? "accepted"
                : "rejected";
        }

        // Validated without error and not (yet) committed: the commit span may simply not have arrived.
        return validate.Status == "error" ? "rejected" : "validated";
    }

    private static long? ParseLong(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static int? ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static double? ParseDouble(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
