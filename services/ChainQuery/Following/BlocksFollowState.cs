namespace AspireChain.ChainQuery.Following;

/// <summary>
/// What the blocks follower has done since this process started: where it resumed, what it read and whether it
/// had to stop. Read by the health check and by tests that prove a restart resumed from the stored offset.
/// </summary>
public sealed class BlocksFollowState
{
    private readonly Lock _gate = new();
    private long _recordsRead;

    /// <summary>The stored offset the follower resumed from (null until it has started).</summary>
    public long? StartOffset { get; private set; }

    /// <summary>The offset of the first record read in this process (null until one arrives).</summary>
    public long? FirstOffsetRead { get; private set; }

    /// <summary>Records read from <c>blocks</c> in this process.</summary>
    public long RecordsRead => Interlocked.Read(ref _recordsRead);

    /// <summary>Records on the broker not yet applied (high watermark minus the next offset), null until known.</summary>
    public long? Lag { get; private set; }

    /// <summary>Why following stopped (a height gap or an offset the broker no longer has), or null while healthy.</summary>
    public string? Halted { get; private set; }

    /// <summary>Records the resume point.</summary>
    public void Started(long offset)
    {
        lock (_gate)
        {
            StartOffset = offset;
        }
    }

    /// <summary>Counts one record read at <paramref name="offset"/>.</summary>
    public void Read(long offset)
    {
        lock (_gate)
        {
            FirstOffsetRead ??= offset;
        }

        Interlocked.Increment(ref _recordsRead);
    }

    /// <summary>Records the distance to the end of the log after reading up to <paramref name="nextOffset"/>.</summary>
    public void Behind(long highWatermark, long nextOffset)
    {
        lock (_gate)
        {
            Lag = Math.Max(0, highWatermark - nextOffset);
        }
    }

    /// <summary>Marks following as stopped for <paramref name="reason"/> (reported unhealthy, never skipped past).</summary>
    public void Halt(string reason)
    {
        lock (_gate)
        {
            Halted = reason;
        }
    }

    /// <summary>Clears a halt once reading succeeds again (e.g. the broker became reachable at the stored offset).</summary>
    public void Resume()
    {
        lock (_gate)
        {
            Halted = null;
        }
    }
}
