using System.Diagnostics;

namespace AspireChain.Following;

/// <summary>
/// What the <see cref="BlocksFollower"/> has done since this process started: what it restored, where it resumed, what
/// it read and refused, how far behind it is and whether it had to stop. Read by the health check, the status endpoint
/// and tests. Thread-safe.
/// </summary>
public sealed class FollowerStatus
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _caughtUpOrHalted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _recordsRead;
    private long _progressAt = Stopwatch.GetTimestamp();

    /// <summary>Blocks rebuilt from the service's own store at start.</summary>
    public int RestoredBlocks { get; private set; }

    /// <summary>The stored offset the follower resumed from (null until it has started).</summary>
    public long? StartOffset { get; private set; }

    /// <summary>The offset of the first record read in this process (null until one arrives).</summary>
    public long? FirstOffsetRead { get; private set; }

    /// <summary>Records read from <c>blocks</c> in this process.</summary>
    public long RecordsRead => Interlocked.Read(ref _recordsRead);

    /// <summary>Records on the broker not yet read (end of the log minus the position), null until known.</summary>
    public long? Lag { get; private set; }

    /// <summary>Why following stopped (a missing height, an offset the broker does not hold, an unusable store), or null.</summary>
    public string? Halted { get; private set; }

    /// <summary>Records refused or in conflict since this process started.</summary>
    public long Faults { get; private set; }

    /// <summary>The latest of them.</summary>
    public FollowFault? LastFault { get; private set; }

    /// <summary>The snapshot height this node joined from (this process or before), or null when it holds the chain from genesis.</summary>
    public ulong? JoinedFrom { get; private set; }

    /// <summary>Why the node is waiting for a snapshot (its store cannot be continued from <c>blocks</c>), or null.</summary>
    public string? WaitingForSnapshot { get; private set; }

    /// <summary>Completes once the follower first reached the end of <c>blocks</c>: acting on the chain before that acts on an old tip.</summary>
    public Task CaughtUp => _caughtUp.Task;

    /// <summary>
    /// Completes once the follower first reached the end of <c>blocks</c> or stopped following: either way a service can
    /// decide what to do (act on the tip, or refuse and say why while <see cref="Halted"/> is set).
    /// </summary>
    public Task CaughtUpOrHalted => _caughtUpOrHalted.Task;

    /// <summary>Time since a record was last read or the end of the log was last reached.</summary>
    public TimeSpan SinceProgress => Stopwatch.GetElapsedTime(Interlocked.Read(ref _progressAt));

    /// <summary>Records what the start-up restore gave.</summary>
    public void Restored(int blocks)
    {
        lock (_gate)
        {
            RestoredBlocks = blocks;
        }
    }

    /// <summary>Records the resume point.</summary>
    public void Started(long offset)
    {
        lock (_gate)
        {
            StartOffset = offset;
        }

        Progressed();
    }

    /// <summary>Counts one record read at <paramref name="offset"/>.</summary>
    public void Read(long offset)
    {
        lock (_gate)
        {
            FirstOffsetRead ??= offset;
        }

        Interlocked.Increment(ref _recordsRead);
        Progressed();
    }

    /// <summary>Records that the end of the log was reached.</summary>
    public void AtEnd()
    {
        lock (_gate)
        {
            Lag = 0;
        }

        Progressed();
        MarkCaughtUp();
    }

    /// <summary>Records the distance to the end of the log (none left: caught up).</summary>
    public void Behind(long highWatermark, long nextOffset)
    {
        var lag = Math.Max(0, highWatermark - nextOffset);
        lock (_gate)
        {
            Lag = lag;
        }

        if (lag == 0)
        {
            MarkCaughtUp();
        }
    }

    /// <summary>Records a refused or conflicting record (following goes on).</summary>
    public void Fault(FollowFault fault)
    {
        lock (_gate)
        {
            Faults++;
            LastFault = fault;
        }
    }

    /// <summary>Records that the chain starts from snapshot <paramref name="height"/> (not held before it).</summary>
    public void Joined(ulong height)
    {
        lock (_gate)
        {
            JoinedFrom = height;
            WaitingForSnapshot = null;
        }
    }

    /// <summary>Records that following waits for a verifiable snapshot, and why (null: no longer waiting).</summary>
    public void AwaitingSnapshot(string? reason)
    {
        lock (_gate)
        {
            WaitingForSnapshot = reason;
        }

        Progressed();
    }

    /// <summary>Marks following as stopped for <paramref name="reason"/> (reported unhealthy, never skipped past).</summary>
    public void Halt(string reason)
    {
        lock (_gate)
        {
            Halted = reason;
        }

        _caughtUpOrHalted.TrySetResult();
    }

    /// <summary>Clears a halt once reading succeeds again (e.g. the broker came back with the data).</summary>
    public void Resume()
    {
        lock (_gate)
        {
            Halted = null;
        }
    }

    private void MarkCaughtUp()
    {
        _caughtUp.TrySetResult();
        _caughtUpOrHalted.TrySetResult();
    }

    private void Progressed() => Interlocked.Exchange(ref _progressAt, Stopwatch.GetTimestamp());
}
