using AspireChain.SystemBench.Hosting;
using AspireChain.SystemBench.Measure;

namespace AspireChain.SystemBench.Soak;

/// <summary>
/// Reads, at one instant, each service instance's resident memory (anonymous, file-backed, shared) and CPU seconds,
/// the bench's own process likewise (the AppHost and the embedded broker run in it), and every store's bytes in the
/// run's data directory. Only <c>/proc</c> and file sizes are read: nothing that would load the services.
/// </summary>
public sealed class SoakSampler(ISystemUnderTest system)
{
    /// <summary>The name of the bench's own process in the samples: the AppHost, the embedded broker and the load generator.</summary>
    public const string AppHostName = "apphost";

    // Linux truncates a process name to 15 characters: "AspireChain.Min", "AspireChain.Val", ...
    private const string ServiceProcessNamePrefix = "AspireChain.";

    /// <summary>The processes and stores now, with the counters the caller read.</summary>
    public SoakSample Sample(double elapsedSeconds, string phase, long submitted, long transfers, long height) =>
        new(DateTimeOffset.UtcNow, elapsedSeconds, phase, submitted, transfers, height, Processes(), Stores());

    private List<ProcessSample> Processes()
    {
        var found = new List<ProcessSample>();
        if (!ProcFileSystem.IsAvailable)
        {
            return found;
        }

        IReadOnlyList<(int Id, int ParentId)>? parents = null;
        var self = Environment.ProcessId;
        // Thread groups (the broker's rdk: threads) share their process's memory: the process is sampled once, whole.
        foreach (var unit in system.Processes().Where(p => p.ThreadPrefix is null).DistinctBy(p => p.ProcessId))
        {
            var tree = new List<int> { unit.ProcessId };
            if (unit.IncludeDescendants)
            {
                parents ??= ProcFileSystem.Parents();
                for (var i = 0; i < tree.Count; i++)
                {
                    tree.AddRange(parents.Where(p => p.ParentId == tree[i]).Select(p => p.Id));
                }
            }

            var ticks = 0L;
            var service = new List<int>();
            foreach (var id in tree)
            {
                if (ProcFileSystem.Stat($"/proc/{id}/stat") is { } stat)
                {
                    ticks += stat.Ticks;
                    if (stat.Name.StartsWith(ServiceProcessNamePrefix, StringComparison.Ordinal))
                    {
                        service.Add(id);
                    }
                }
            }

            // The memory of the service itself, not of a `dotnet run` launcher idling above it.
            var measured = service.Count > 0 ? service : [unit.ProcessId];
            var memory = measured.Select(ResidentMemory.Read).Where(m => m is not null).Aggregate(ResidentMemory.None, (sum, m) => sum + m!);
            var isSelf = unit.ProcessId == self;
            found.Add(new ProcessSample(
                isSelf ? AppHostName : unit.Name, isSelf ? AppHostName : unit.Service, measured[0],
                memory.Rss, memory.Anon, memory.File, memory.Shmem, ticks / ProcFileSystem.TicksPerSecond,
                isSelf ? GC.GetGCMemoryInfo().HeapSizeBytes : null));
        }

        return found;
    }

    private List<StoreSample> Stores() =>
        [.. StoreSizes.Read(system.DataDirectory).Select(s => new StoreSample(s.Instance, s.Store, s.Bytes, s.WalBytes))];
}
