namespace AspireChain.AppHost.Dashboard.Telemetry;

/// <summary>One candidate block's life as told by its spans: mined, validated, committed, applied (confirmed).</summary>
/// <param name="Outcome">accepted | stale | rejected | validated (commit not seen yet) | mined (validation not seen yet) | unknown.</param>
/// <param name="Reason">Why a candidate was not accepted (the Validator's reject code), when it says.</param>
/// <param name="SubmitToConfirmedMs">From the earliest linked transaction's first span to the block being applied; null when either end is missing.</param>
public sealed record BlockLifecycle(
    string TraceId,
    long? Height,
    string? Hash,
    string? Miner,
    int? TxCount,
    string Outcome,
    string? Reason,
    DateTimeOffset? MineStartedAt,
    DateTimeOffset? MinedAt,
    DateTimeOffset? ValidatedAt,
    DateTimeOffset? CommittedAt,
    DateTimeOffset? ConfirmedAt,
    DateTimeOffset? FirstTxSubmittedAt,
    double? MineMs,
    double? SubmitToConfirmedMs,
    double? HashRate,
    IReadOnlyList<string> TransactionTraceIds);
