using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AspireChain.Testing;

/// <summary>A logger provider that keeps every message, so a test can assert (or wait for) a warning and what it names.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

    /// <summary>Everything logged so far.</summary>
    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Entries => [.. _entries];

    /// <summary>A factory writing into this capture.</summary>
    public ILoggerFactory CreateFactory() => LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

    /// <summary>The warnings logged so far under <paramref name="category"/>.</summary>
    public IReadOnlyList<string> Warnings(string category) =>
        [.. _entries.Where(e => e.Level == LogLevel.Warning && e.Category == category).Select(e => e.Message)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
