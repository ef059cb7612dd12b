namespace AspireChain.AppHost.Dashboard.Resources;

/// <summary>One line a resource wrote to stdout or stderr, numbered so the page can tail from where it stopped.</summary>
public sealed record ConsoleLogLine(string ResourceName, long LineNumber, DateTimeOffset Timestamp, bool IsErrorOutput, string Text);
