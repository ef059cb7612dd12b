using System.Globalization;

namespace AspireChain.AppHost.Tests.Hosting;

/// <summary>Reads Linux's /proc to see which processes exist and who their parent is, independent of the engine under test.</summary>
internal static class ProcessTable
{
    /// <summary>Live children of <paramref name="parentId"/> whose command line contains <paramref name="commandLineContains"/>.</summary>
    public static IReadOnlyList<int> ChildrenOf(int parentId, string commandLineContains)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (TryReadStat(pid, out var state, out var parent) && parent == parentId && state is not ('Z' or 'X')
                && CommandLine(pid).Contains(commandLineContains, StringComparison.Ordinal))
            {
                children.Add(pid);
            }
        }

        return children;
    }

    /// <summary>True while the process exists and is not a zombie (a zombie is dead, merely not yet reaped).</summary>
    public static bool IsAlive(int pid) => TryReadStat(pid, out var state, out _) && state is not ('Z' or 'X');

    /// <summary>Polls until none of <paramref name="pids"/> is alive or the deadline passes; returns the survivors.</summary>
    public static async Task<IReadOnlyList<int>> WaitUntilDeadAsync(IEnumerable<int> pids, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var list = pids.ToList();
        while (true)
        {
            var alive = list.Where(IsAlive).ToList();
            if (alive.Count == 0 || DateTime.UtcNow > deadline)
            {
                return alive;
            }

            await Task.Delay(100);
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static bool TryReadStat(int pid, out char state, out int parent)
    {
        state = 'X';
        parent = 0;
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // "pid (comm) state ppid …": comm may contain spaces and parentheses, so parse after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        state = fields[0][0];
        parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
        return true;
    }
}
