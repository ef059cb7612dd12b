using AspireChain.TransactionIngest.Admission;

namespace AspireChain.TransactionIngest.Tests;

/// <summary>When a backlog reading refuses, and the Retry-After it derives from the drain rate.</summary>
public sealed class BacklogReadingTests
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(30);

    [Fact]
    public void Under_the_limit_or_with_the_limit_off_nothing_is_refused()
    {
        Assert.False(Reading(worstBytes: 400_000, limit: 500_000, drain: 100).IsFull);
        Assert.False(Reading(worstBytes: 9_000_000, limit: 0, drain: 100).IsFull);
        Assert.False(BacklogReading.None.IsFull);
        Assert.True(Reading(worstBytes: 500_001, limit: 500_000, drain: 100).IsFull);
    }

    [Fact]
    public void Retry_after_is_the_time_the_worst_partition_needs_to_drain_back_under_the_limit()
    {
        // 1,000 records (1 MB) on the worst partition, half of the 2,000 in all; the group drains 200/s, so that
        // partition ~100/s; 500 records over the limit → 5 s.
        Assert.Equal(TimeSpan.FromSeconds(5), Reading(worstBytes: 1_000_000, limit: 500_000, drain: 200).RetryAfter(Ceiling));
        // Barely over: at least a second.
        Assert.Equal(TimeSpan.FromSeconds(1), Reading(worstBytes: 500_100, limit: 500_000, drain: 200).RetryAfter(Ceiling));
        // Nothing drains: the ceiling.
        Assert.Equal(Ceiling, Reading(worstBytes: 1_000_000, limit: 500_000, drain: 0).RetryAfter(Ceiling));
        // Draining far too slowly for the ceiling: still the ceiling.
        Assert.Equal(Ceiling, Reading(worstBytes: 1_000_000, limit: 500_000, drain: 2).RetryAfter(Ceiling));
    }

    private static BacklogReading Reading(long worstBytes, long limit, double drain) =>
        new(WorstPartition: 3, WorstRecords: 1_000, WorstBytes: worstBytes, TotalRecords: 2_000, LimitBytes: limit, DrainPerSecond: drain, At: DateTimeOffset.UtcNow);
}
