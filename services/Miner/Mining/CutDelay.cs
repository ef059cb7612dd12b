namespace AspireChain.Miner.Mining;

/// <summary>
/// How long a replica waits before cutting a template that is not full: until its oldest minable transfer has waited
/// <c>MaxWait</c> (the batch timeout of an ordering service, counted from the transfer, not from the tip). Each
/// replica mines only its own <c>transactions</c> partitions, so a transfer confirms only when its replica wins a race:
/// counted this way, the replica that just won (its oldest transfer arrived after its last cut) sits the next race
/// out while the ones whose transfers lost cut at once, instead of every replica racing from the same moment and a
/// partition's transfers waiting on luck alone.
/// </summary>
internal static class CutDelay
{
    /// <summary><paramref name="maxWait"/> less what the oldest minable transfer has already waited; never negative.</summary>
    public static TimeSpan After(TimeSpan maxWait, TimeSpan oldestWaiting)
    {
        var left = maxWait - (oldestWaiting < TimeSpan.Zero ? TimeSpan.Zero : oldestWaiting);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
