namespace AspireChain.Miner.Mining;

/// <summary>
/// How long after the tip moves a replica cuts its next block when the template is not full. Each replica mines only
/// the transfers of its own <c>transactions</c> partitions, so a transfer confirms only when its replica wins a race:
/// the longer a replica has kept its oldest transfer waiting, the sooner it cuts, so the replica that just won (its
/// oldest transfer is young) gives the ones that lost a head start instead of every replica racing from the same
/// moment and a partition's transfers waiting on luck alone.
/// </summary>
internal static class CutDelay
{
    /// <summary>
    /// <paramref name="maxWait"/> × maxWait / (maxWait + oldest): the full wait when nothing has waited, half of it once
    /// the oldest transfer has waited one <paramref name="maxWait"/>, and ever shorter, never negative, after that.
    /// </summary>
    public static TimeSpan After(TimeSpan maxWait, TimeSpan oldestWaiting)
    {
        if (maxWait <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var oldest = oldestWaiting < TimeSpan.Zero ? TimeSpan.Zero : oldestWaiting;
        return maxWait * (maxWait / (maxWait + oldest));
    }
}
