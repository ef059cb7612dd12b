using System.Diagnostics;

namespace AspireChain.Validator.Validation;

/// <summary>
/// How far behind <c>candidates</c> the active validator is and when it last judged one, so a validator that stops
/// judging while candidates wait is reported unhealthy instead of quietly holding the chain still. Thread-safe.
/// </summary>
internal sealed class CandidateBacklog
{
    private long _waiting;
    private long _judgedAt = Stopwatch.GetTimestamp();
    private long _assignedWithoutJudgingSince;

    /// <summary>Candidates on the assigned partition not yet read (end of the log minus the position).</summary>
    public long Waiting => Interlocked.Read(ref _waiting);

    /// <summary>Time since a candidate was last judged (or the validator last became active).</summary>
    public TimeSpan SinceJudged => Stopwatch.GetElapsedTime(Interlocked.Read(ref _judgedAt));

    /// <summary>How long <c>candidates</c> has been assigned to this validator while it could not take over (null when it judges, or holds nothing).</summary>
    public TimeSpan? HeldWithoutJudging =>
        Interlocked.Read(ref _assignedWithoutJudgingSince) is var since and not 0 ? Stopwatch.GetElapsedTime(since) : null;

    /// <summary>Records a verdict (or a candidate found already judged).</summary>
    public void Judged() => Interlocked.Exchange(ref _judgedAt, Stopwatch.GetTimestamp());

    /// <summary>Records the distance to the end of <c>candidates</c>.</summary>
    public void Observe(long waiting) => Interlocked.Exchange(ref _waiting, Math.Max(0, waiting));

    /// <summary>Records that <c>candidates</c> is assigned but this validator cannot judge yet (catching up on <c>blocks</c>).</summary>
    public void Holding() => Interlocked.CompareExchange(ref _assignedWithoutJudgingSince, Stopwatch.GetTimestamp(), 0);

    /// <summary>Records that this validator judges (or holds nothing): it is no longer holding candidates still.</summary>
    public void Released() => Interlocked.Exchange(ref _assignedWithoutJudgingSince, 0);
}
