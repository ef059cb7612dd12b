namespace AspireChain.Testing.Telemetry;

/// <summary>
/// The spans a test's OTLP endpoint received, indexed by trace, bounded in memory, with a wait that re-checks a
/// condition whenever spans arrive (instead of sleeping).
/// </summary>
public sealed class SpanStore(int maxSpans = 200_000)
{
    private readonly Lock _gate = new();
    private readonly Queue<TelemetrySpan> _spans = new();
    private readonly Dictionary<string, List<TelemetrySpan>> _traces = new(StringComparer.Ordinal);
    private readonly HashSet<(string TraceId, string SpanId)> _ids = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Stores received spans; one already held (an exporter retry) is ignored; the oldest go when full.</summary>
    public void Add(IEnumerable<TelemetrySpan> received)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            foreach (var span in received)
            {
                if (!_ids.Add((span.TraceId, span.SpanId)))
                {
                    continue;
                }

                _spans.Enqueue(span);
                if (!_traces.TryGetValue(span.TraceId, out var trace))
                {
                    _traces[span.TraceId] = trace = [];
                }

                trace.Add(span);
                if (_spans.Count > maxSpans)
                {
                    Forget(_spans.Dequeue());
                }
            }

            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>The spans of one trace by start time; empty when unknown.</summary>
    public IReadOnlyList<TelemetrySpan> GetTrace(string traceId)
    {
        lock (_gate)
        {
            return _traces.TryGetValue(traceId.ToLowerInvariant(), out var trace) ? [.. trace.OrderBy(s => s.Start)] : [];
        }
    }

    /// <summary>Every held span matching <paramref name="predicate"/>, in arrival order.</summary>
    public IReadOnlyList<TelemetrySpan> FindSpans(Func<TelemetrySpan, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        lock (_gate)
        {
            return [.. _spans.Where(predicate)];
        }
    }

    /// <summary>Completes when <paramref name="condition"/> holds, re-checking as spans arrive; false on timeout.</summary>
    public async Task<bool> WaitForAsync(Func<SpanStore, bool> condition, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task next;
            lock (_gate)
            {
                next = _changed.Task;
            }

            if (condition(this))
            {
                return true;
            }

            try
            {
                await next.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return condition(this);
            }
        }
    }

    private void Forget(TelemetrySpan span)
    {
        _ids.Remove((span.TraceId, span.SpanId));
        if (_traces.TryGetValue(span.TraceId, out var trace))
        {
            trace.Remove(span);
            if (trace.Count == 0)
            {
                _traces.Remove(span.TraceId);
            }
        }
    }
}
