using AspireChain.AppHost.Hosting.Orchestration;

namespace AspireChain.AppHost.Tests.Hosting;

/// <summary>The per-resource console ring buffer numbers lines from 1, tails from a line number, and evicts the oldest.</summary>
public sealed class ConsoleLogBufferTests
{
    [Fact]
    public void Lines_are_numbered_and_read_after_a_line_number()
    {
        var buffer = new ConsoleLogBuffer("miner-0", capacity: 10);
        buffer.Append("one", isErrorOutput: false);
        buffer.Append("two", isErrorOutput: true);
        buffer.Append("three", isErrorOutput: false);

        var tail = buffer.Read(afterLineNumber: 1, maxLines: 10);

        Assert.Equal([2L, 3L], tail.Select(l => l.LineNumber));
        Assert.Equal(["two", "three"], tail.Select(l => l.Text));
        Assert.True(tail[0].IsErrorOutput);
        Assert.All(tail, l => Assert.Equal("miner-0", l.ResourceName));
        Assert.Equal(3, buffer.LastLineNumber);
    }

    [Fact]
    public void The_oldest_lines_are_evicted_beyond_capacity()
    {
        var buffer = new ConsoleLogBuffer("validator", capacity: 4);
        for (var i = 1; i <= 10; i++)
        {
            buffer.Append($"line {i}", isErrorOutput: false);
        }

        Assert.Equal([7L, 8L, 9L, 10L], buffer.Read(0, 100).Select(l => l.LineNumber));
        Assert.Equal(["line 9", "line 10"], buffer.Read(8, 100).Select(l => l.Text));
        Assert.Equal([7L, 8L], buffer.Read(0, 2).Select(l => l.LineNumber));
        Assert.Empty(buffer.Read(10, 100));
    }
}
