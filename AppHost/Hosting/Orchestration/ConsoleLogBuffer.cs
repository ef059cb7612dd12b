using AspireChain.AppHost.Dashboard.Resources;

namespace AspireChain.AppHost.Hosting.Orchestration;

/// <summary>The last N console lines of one resource, numbered from 1 so readers can tail from where they stopped.</summary>
internal sealed class ConsoleLogBuffer(string resourceName, int capacity = 10_000)
{
    private readonly ConsoleLogLine[] _ring = new ConsoleLogLine[capacity];
    private readonly Lock _gate = new();
    private long _nextLineNumber = 1;

    /// <summary>Raised after a line is stored (the console printer and tests listen).</summary>
    public event Action<ConsoleLogLine>? LineAppended;

    public string ResourceName { get; } = resourceName;

    /// <summary>The number of the newest line; 0 before the first.</summary>
    public long LastLineNumber
    {
        get { lock (_gate) { return _nextLineNumber - 1; } }
    }

    public void Append(string text, bool isErrorOutput)
    {
        ConsoleLogLine line;
        lock (_gate)
        {
            line = new ConsoleLogLine(ResourceName, _nextLineNumber, DateTimeOffset.UtcNow, isErrorOutput, text);
            _ring[_nextLineNumber % _ring.Length] = line;
            _nextLineNumber++;
        }

        LineAppended?.Invoke(line);
    }

    public IReadOnlyList<ConsoleLogLine> Read(long afterLineNumber, int maxLines)
    {
        lock (_gate)
        {
            var oldest = Math.Max(1, _nextLineNumber - _ring.Length);
            var first = Math.Max(afterLineNumber + 1, oldest);
            var last = Math.Min(_nextLineNumber - 1, first + Math.Max(0, maxLines) - 1);
            var lines = new List<ConsoleLogLine>((int)Math.Max(0, last - first + 1));
            for (var n = first; n <= last; n++)
            {
                lines.Add(_ring[n % _ring.Length]);
            }

            return lines;
        }
    }
}
