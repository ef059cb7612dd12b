namespace AspireChain.TransactionIngest.Admission;

/// <summary>
/// One measurement of how far the miners are behind on <c>transactions</c>: the partition with the most records the
/// miners' group has not committed past yet, those records in estimated bytes against the limit, and how fast the
/// group has been draining the topic.
/// </summary>
/// <param name="WorstPartition">The partition with the largest backlog.</param>
/// <param name="WorstRecords">Records on that partition past the group's committed offset (or the log start when none is committed).</param>
/// <param name="WorstBytes">Those records in bytes, estimated from the mean size of the records this ingest wrote.</param>
/// <param name="TotalRecords">Backlog over every partition.</param>
/// <param name="LimitBytes">The backlog a partition may hold before ingest stops acknowledging; 0 when the limit is off.</param>
/// <param name="DrainPerSecond">Records per second the group committed past, over the recent readings (all partitions).</param>
/// <param name="At">When the reading was taken.</param>
public sealed record BacklogReading(
    int WorstPartition,
    long WorstRecords,
    long WorstBytes,
    long TotalRecords,
    long LimitBytes,
    double DrainPerSecond,
    DateTimeOffset At)
{
    /// <summary>No reading yet: nothing is known to be behind.</summary>
    public static BacklogReading None { get; } = new(-1, 0, 0, 0, 0, 0, DateTimeOffset.MinValue);

    /// <summary>The worst partition holds more than the limit: a new transaction may be evicted before any miner reads it.</summary>
    public bool IsFull => LimitBytes > 0 && WorstBytes > LimitBytes;

    /// <summary>
    /// How long a refused client should wait: the time the recent drain rate needs to bring the worst partition back
    /// under the limit, at least one second and at most <paramref name="ceiling"/>.
    /// </summary>
    public TimeSpan RetryAfter(TimeSpan ceiling)
    {
        if (!IsFull || WorstRecords == 0)
        {
            return TimeSpan.FromSeconds(1);
        }

        var excessRecords = (double)(WorstBytes - LimitBytes) / WorstBytes * WorstRecords;
        // The drain rate is over all partitions; the worst one drains at roughly its share of it.
        var drainOfWorst = TotalRecords > 0 ? DrainPerSecond * WorstRecords / TotalRecords : 0;
        var seconds = drainOfWorst > 0 ? Math.Ceiling(excessRecords / drainOfWorst) : ceiling.TotalSeconds;
        return TimeSpan.FromSeconds(Math.Clamp(seconds, 1, Math.Max(1, ceiling.TotalSeconds)));
    }

    /// <summary>The reading in words, for logs, health and problem details.</summary>
    public override string ToString() => WorstPartition < 0
        ? "no backlog measured yet"
        : $"worst partition {WorstPartition}: {WorstRecords:N0} unconfirmed records (~{WorstBytes / 1024.0 / 1024.0:0.00} MiB" +
          (LimitBytes > 0 ? $" of {LimitBytes / 1024.0 / 1024.0:0.00} MiB allowed" : ", no limit") +
          $"); {TotalRecords:N0} in all, draining {DrainPerSecond:N0}/s";
}
