using System.Globalization;

namespace AspireChain.SystemBench.Measure;

/// <summary>Reads what Linux's <c>/proc</c> says about processes and threads: CPU ticks, parents, names, peak memory.</summary>
public static class ProcFileSystem
{
    /// <summary>True where there is a <c>/proc</c> to read.</summary>
    public static bool IsAvailable { get; } = File.Exists("/proc/self/stat");

    /// <summary>Clock ticks per second of <c>utime</c>/<c>stime</c> (USER_HZ, 100 on every mainstream Linux).</summary>
    public static double TicksPerSecond { get; } = 100;

    /// <summary>User plus system CPU ticks, parent id and name of a process or thread, from its <c>stat</c> file; null when gone.</summary>
    public static (long Ticks, int ParentId, string Name)? Stat(string statPath)
    {
        var text = TryRead(statPath);
        if (text is null)
        {
            return null;
        }

        // The name is in parentheses and may hold spaces: the fields after the last ')' are fixed.
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        if (fields.Length < 13
            || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent)
            || !long.TryParse(fields[11], NumberStyles.Integer, CultureInfo.InvariantCulture, out var user)
            || !long.TryParse(fields[12], NumberStyles.Integer, CultureInfo.InvariantCulture, out var system))
        {
            return null;
        }

        return (user + system, parent, text[(open + 1)..close]);
    }

    /// <summary>A <c>status</c> field in kB (e.g. <c>VmHWM</c>, the peak resident set), in bytes; null when absent.</summary>
    public static long? StatusBytes(int processId, string field)
    {
        var text = TryRead($"/proc/{processId}/status");
        if (text is null)
        {
            return null;
        }

        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var value = line[(field.Length + 1)..].Trim().Split(' ')[0];
                return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : null;
            }
        }

        return null;
    }

    /// <summary>Every <c>kB</c> field of a process's <c>status</c> file (<c>VmRSS</c>, <c>RssAnon</c>, <c>RssFile</c>, ...), in bytes; null when gone.</summary>
    public static IReadOnlyDictionary<string, long>? StatusSizes(int processId)
    {
        var text = TryRead($"/proc/{processId}/status");
        if (text is null)
        {
            return null;
        }

        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.EndsWith(" kB", StringComparison.Ordinal)
                && long.TryParse(line.AsSpan(colon + 1, line.Length - colon - 4).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
            {
                sizes[line[..colon]] = kb * 1024;
            }
        }

        return sizes;
    }

    /// <summary>One variable of a process's environment as it was started (<c>/proc/&lt;pid&gt;/environ</c>); null when absent or unreadable.</summary>
    public static string? EnvironmentVariable(int processId, string name)
    {
        var prefix = name + "=";
        foreach (var entry in (TryRead($"/proc/{processId}/environ") ?? "").Split('\0'))
        {
            if (entry.StartsWith(prefix, StringComparison.Ordinal))
            {
                return entry[prefix.Length..];
            }
        }

        return null;
    }

    /// <summary>Every process's id and parent id.</summary>
    public static IReadOnlyList<(int Id, int ParentId)> Parents()
    {
        var all = new List<(int, int)>();
        foreach (var id in ProcessIds())
        {
            if (Stat($"/proc/{id}/stat") is { } stat)
            {
                all.Add((id, stat.ParentId));
            }
        }

        return all;
    }

    /// <summary>Every process's id and command line (arguments separated by NUL).</summary>
    public static IEnumerable<(int Id, string CommandLine)> CommandLines()
    {
        foreach (var id in ProcessIds())
        {
            if (TryRead($"/proc/{id}/cmdline") is { Length: > 0 } commandLine)
            {
                yield return (id, commandLine);
            }
        }
    }

    /// <summary>The thread ids of a process.</summary>
    public static IEnumerable<int> Threads(int processId)
    {
        string[] entries;
        try
        {
            entries = Directory.GetDirectories($"/proc/{processId}/task");
        }
        catch (IOException)
        {
            yield break;
        }
        catch (UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var entry in entries)
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                yield return id;
            }
        }
    }

    /// <summary>The machine's 1-minute load average.</summary>
    public static double? LoadAverage() =>
        TryRead("/proc/loadavg")?.Split(' ')[0] is { } first && double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;

    private static IEnumerable<int> ProcessIds()
    {
        if (!IsAvailable)
        {
            yield break;
        }

        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                yield return id;
            }
        }
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
