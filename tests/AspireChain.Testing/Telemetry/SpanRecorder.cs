using System.Collections.Concurrent;
using System.Diagnostics;
using AspireChain.Contracts.Telemetry;

namespace AspireChain.Testing.Telemetry;

/// <summary>Records every finished span of our sources (<see cref="ChainSources.Wildcard"/>) in-process, for trace assertions.</summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _spans = new();

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith(ChainSources.Prefix, StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Spans => [.. _spans];

    public IReadOnlyList<Activity> Named(string name) => Spans.Where(s => s.OperationName == name || s.DisplayName == name).ToList();

    public void Dispose() => _listener.Dispose();
}
