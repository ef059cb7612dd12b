namespace AspireChain.SystemBench.Measure;

/// <summary>
/// A process's resident memory now, split as Linux splits it in <c>/proc/&lt;pid&gt;/status</c>: anonymous pages (heaps,
/// the GC's segments, native allocations: what grows when a process keeps more), file-backed pages (mapped assemblies,
/// SQLite's memory-mapped pages) and shared memory. Bytes.
/// </summary>
public sealed record ResidentMemory(long Rss, long Anon, long File, long Shmem)
{
    /// <summary>Nothing resident (the sum's starting point).</summary>
    public static ResidentMemory None { get; } = new(0, 0, 0, 0);

    /// <summary>The process's reading, or null when it is gone or its status cannot be read.</summary>
    public static ResidentMemory? Read(int processId)
    {
        if (ProcFileSystem.StatusSizes(processId) is not { } sizes)
        {
            return null;
        }

        var anon = sizes.GetValueOrDefault("RssAnon");
        var file = sizes.GetValueOrDefault("RssFile");
        var shmem = sizes.GetValueOrDefault("RssShmem");
        return new ResidentMemory(sizes.TryGetValue("VmRSS", out var rss) ? rss : anon + file + shmem, anon, file, shmem);
    }

    /// <summary>Two processes' memory together.</summary>
    public static ResidentMemory operator +(ResidentMemory left, ResidentMemory right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new ResidentMemory(left.Rss + right.Rss, left.Anon + right.Anon, left.File + right.File, left.Shmem + right.Shmem);
    }

    /// <summary>Named alternative to <c>+</c>.</summary>
    public static ResidentMemory Add(ResidentMemory left, ResidentMemory right) => left + right;
}
