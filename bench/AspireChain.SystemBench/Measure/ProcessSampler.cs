using AspireChain.SystemBench.Hosting;

namespace AspireChain.SystemBench.Measure;

/// <summary>CPU seconds used so far and peak resident memory of each measured process tree or thread group.</summary>
public static class ProcessSampler
{
    // Linux truncates a process name to 15 characters: "AspireChain.Min", "AspireChain.Val", ...
    private const string ServiceProcessNamePrefix = "AspireChain.";

    /// <summary>One reading per measured unit, by name.</summary>
    public static IReadOnlyDictionary<string, ProcessReading> Sample(IReadOnlyList<ServiceProcess> processes)
    {
        var readings = new Dictionary<string, ProcessReading>(StringComparer.Ordinal);
        if (!ProcFileSystem.IsAvailable)
        {
            return readings;
        }

        IReadOnlyList<(int Id, int ParentId)>? parents = null;
        foreach (var unit in processes)
        {
            if (unit.ThreadPrefix is not null || unit.ExcludeThreadPrefix is not null)
            {
                // Threads that ended are gone from task/ but still counted in the process's own stat: the rest of the
                // process is its total minus the excluded threads, never a sum of the live ones.
                var prefix = unit.ThreadPrefix ?? unit.ExcludeThreadPrefix!;
                var ticks = 0L;
                foreach (var thread in ProcFileSystem.Threads(unit.ProcessId))
                {
                    if (ProcFileSystem.Stat($"/proc/{unit.ProcessId}/task/{thread}/stat") is { } stat && stat.Name.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        ticks += stat.Ticks;
                    }
                }

                if (unit.ThreadPrefix is null)
                {
                    ticks = (ProcFileSystem.Stat($"/proc/{unit.ProcessId}/stat")?.Ticks ?? 0) - ticks;
                }

                // Threads share their process's memory: only the unit that is the rest of the process reports it.
                var memory = unit.ThreadPrefix is null ? ProcFileSystem.StatusBytes(unit.ProcessId, "VmHWM") : null;
                readings[unit.Name] = new ProcessReading(ticks / ProcFileSystem.TicksPerSecond, memory);
                continue;
            }

            var tree = new List<int> { unit.ProcessId };
            if (unit.IncludeDescendants)
            {
                parents ??= ProcFileSystem.Parents();
                for (var i = 0; i < tree.Count; i++)
                {
                    tree.AddRange(parents.Where(p => p.ParentId == tree[i]).Select(p => p.Id));
                }
            }

            var total = 0L;
            long? peak = null;
            long? servicePeak = null;
            foreach (var id in tree)
            {
                if (ProcFileSystem.Stat($"/proc/{id}/stat") is not { } stat)
                {
                    continue;
                }

                total += stat.Ticks;
                if (ProcFileSystem.StatusBytes(id, "VmHWM") is { } hwm)
                {
                    peak = (peak ?? 0) + hwm;
                    // The memory of the service itself, not of the `dotnet run` launcher idling above it.
                    if (stat.Name.StartsWith(ServiceProcessNamePrefix, StringComparison.Ordinal))
                    {
                        servicePeak = (servicePeak ?? 0) + hwm;
                    }
                }
            }

            peak = servicePeak ?? peak;

            readings[unit.Name] = new ProcessReading(total / ProcFileSystem.TicksPerSecond, peak);
        }

        return readings;
    }
}

/// <summary>CPU seconds used since the process started and its peak resident memory (bytes) so far.</summary>
public sealed record ProcessReading(double CpuSeconds, long? PeakResidentBytes);
