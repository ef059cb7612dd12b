namespace AspireChain.AppHost.Dashboard.Telemetry;

/// <summary>
/// Everything the OTLP receiver got, in memory and bounded: spans indexed by trace id, structured logs and
/// metric points by metric name. The dashboard pages and the distributed tests both query it.
/// </summary>
public sealed class TelemetryStore
{
    private const int MaxMetricNames = 1_000;

    private readonly Lock gate = new();
    private readonly BoundedQueue<TelemetrySpan> spans;
    private readonly Dictionary<string, TraceEntry> traces = new(StringComparer.Ordinal);
    private readonly BoundedQueue<TelemetryLogRecord> logs;
    private readonly Dictionary<string, BoundedQueue<MetricPoint>> metricsByName = new(StringComparer.Ordinal);
    private readonly int maxPointsPerMetric;
    private long lastLogSequence;
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates an empty store with the given bounds.</summary>
    public TelemetryStore(int maxSpans = 100_000, int maxLogs = 50_000, int maxPointsPerMetric = 20_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSpans, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLogs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPointsPerMetric, 1);
        spans = new BoundedQueue<TelemetrySpan>(maxSpans);
        logs = new BoundedQueue<TelemetryLogRecord>(maxLogs);
        this.maxPointsPerMetric = maxPointsPerMetric;
    }

    /// <summary>Number of spans held now.</summary>
    public int SpanCount { get { lock (gate) { return spans.Count; } } }

    /// <summary>Number of traces held now.</summary>
    public int TraceCount { get { lock (gate) { return traces.Count; } } }

    /// <summary>Number of structured log records held now.</summary>
    public int LogCount { get { lock (gate) { return logs.Count; } } }

    /// <summary>Number of metric points held now, over all metric names.</summary>
    public int MetricPointCount { get { lock (gate) { return metricsByName.Values.Sum(series => series.Count); } } }

    /// <summary>Stores received spans; a span already held (same trace and span id, e.g. an exporter retry) is ignored.</summary>
    public void AddSpans(IEnumerable<TelemetrySpan> received)
    {
        lock (gate)
        {
            foreach (var span in received)
            {
                if (!traces.TryGetValue(span.TraceId, out var trace))
                {
                    trace = new TraceEntry();
                    traces.Add(span.TraceId, trace);
                }

                if (!trace.SpanIds.Add(span.SpanId))
                {
                    continue;
                }

                trace.Spans.Add(span);
                if (span.Start < trace.FirstStart)
                {
                    trace.FirstStart = span.Start;
                }

                if (spans.Enqueue(span, out var evicted) && evicted is not null)
                {
                    Forget(evicted);
                }
            }
        }

        SignalChanged();
    }

    /// <summary>Stores received log records, numbering them in arrival order (the given sequence is replaced).</summary>
    public void AddLogs(IEnumerable<TelemetryLogRecord> received)
    {
        lock (gate)
        {
            foreach (var record in received)
            {
                logs.Enqueue(record with { Sequence = ++lastLogSequence }, out _);
            }
        }

        SignalChanged();
    }

    /// <summary>Stores received metric points, bounded per metric name.</summary>
    public void AddMetricPoints(IEnumerable<MetricPoint> received)
    {
        lock (gate)
        {
            foreach (var point in received)
            {
                if (!metricsByName.TryGetValue(point.Name, out var series))
                {
                    // A misbehaving exporter inventing names must not grow memory without bound.
                    if (metricsByName.Count >= MaxMetricNames)
                    {
                        continue;
                    }

                    series = new BoundedQueue<MetricPoint>(maxPointsPerMetric);
                    metricsByName.Add(point.Name, series);
                }

                series.Enqueue(point, out _);
            }
        }

        SignalChanged();
    }

    /// <summary>The spans of one trace ordered by start time; empty when the trace is unknown.</summary>
    public IReadOnlyList<TelemetrySpan> GetTrace(string traceId)
    {
        lock (gate)
        {
            return traces.TryGetValue(traceId.ToLowerInvariant(), out var trace)
                ? [.. trace.Spans.OrderBy(span => span.Start)]
                : [];
        }
    }

    /// <summary>When the earliest held span of a trace started; null when the trace is unknown.</summary>
    public DateTimeOffset? GetTraceStart(string traceId)
    {
        lock (gate)
        {
            return traces.TryGetValue(traceId, out var trace) && trace.Spans.Count > 0 ? trace.Spans.Min(span => span.Start) : null;
        }
    }

    /// <summary>The most recent traces first, optionally only those a service took part in.</summary>
    public IReadOnlyList<TraceSummary> GetTraces(string? service = null, int limit = 100)
    {
        lock (gate)
        {
            // Order on the cheap per-trace start first; summarise only the page asked for (the UI polls this).
            return [.. traces
                .Where(pair => string.IsNullOrEmpty(service) || pair.Value.Spans.Any(span => span.ServiceName == service))
                .OrderByDescending(pair => pair.Value.FirstStart)
                .Take(Math.Max(0, limit))
                .Select(pair => Summarize(pair.Key, pair.Value.Spans))];
        }
    }

    /// <summary>Every held span matching the predicate, in arrival order.</summary>
    public IReadOnlyList<TelemetrySpan> FindSpans(Func<TelemetrySpan, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        lock (gate)
        {
            return [.. spans.Items.Where(predicate)];
        }
    }

    /// <summary>Service names seen in any signal, sorted.</summary>
    public IReadOnlyList<string> GetServices()
    {
        lock (gate)
        {
            return [.. spans.Items.Select(span => span.ServiceName)
                .Concat(logs.Items.Select(record => record.ServiceName))
                .Concat(metricsByName.Values.SelectMany(series => series.Items.Select(point => point.ServiceName)))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>Log records with a sequence above <paramref name="afterSequence"/>, oldest first, optionally of one service.</summary>
    public IReadOnlyList<TelemetryLogRecord> GetLogs(string? service = null, long afterSequence = 0, int limit = 500)
    {
        lock (gate)
        {
            return [.. logs.Items
                .Where(record => record.Sequence > afterSequence && (string.IsNullOrEmpty(service) || record.ServiceName == service))
                .Take(Math.Max(0, limit))];
        }
    }

    /// <summary>Names of the metrics held, sorted.</summary>
    public IReadOnlyList<string> GetMetricNames()
    {
        lock (gate)
        {
            return [.. metricsByName.Keys.Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>One line per metric held: its latest point's unit and kind, the services reporting it, how many points are kept.</summary>
    public IReadOnlyList<MetricInstrument> GetMetricInstruments()
    {
        lock (gate)
        {
            return [.. metricsByName
                .Where(pair => pair.Value.Count > 0)
                .OrderBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair =>
                {
                    var last = pair.Value.Items.Last();
                    return new MetricInstrument(
                        pair.Key,
                        last.Unit,
                        last.Kind,
                        [.. pair.Value.Items.Select(point => point.ServiceName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                        pair.Value.Count,
                        last.Timestamp);
                })];
        }
    }

    /// <summary>The points of one metric in arrival order, optionally only those at or after <paramref name="since"/>.</summary>
    public IReadOnlyList<MetricPoint> GetMetricPoints(string name, DateTimeOffset? since = null)
    {
        lock (gate)
        {
            return metricsByName.TryGetValue(name, out var series)
                ? [.. series.Items.Where(point => since is null || point.Timestamp >= since)]
                : [];
        }
    }

    /// <summary>
    /// Completes when <paramref name="condition"/> holds, re-checking whenever telemetry arrives; returns false on timeout.
    /// Tests wait on this instead of sleeping.
    /// </summary>
    public async Task<bool> WaitForAsync(Func<TelemetryStore, bool> condition, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task next;
            lock (gate)
            {
                next = changed.Task;
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
        if (traces.TryGetValue(span.TraceId, out var trace))
        {
            trace.Spans.Remove(span);
            trace.SpanIds.Remove(span.SpanId);
            if (trace.Spans.Count == 0)
            {
                traces.Remove(span.TraceId);
            }
        }
    }

    private void SignalChanged()
    {
        TaskCompletionSource previous;
        lock (gate)
        {
            previous = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    private static TraceSummary Summarize(string traceId, List<TelemetrySpan> spans)
    {
        var spanIds = spans.Select(span => span.SpanId).ToHashSet(StringComparer.Ordinal);

        // The root is the span without a parent; when it has not arrived (yet), the earliest orphan stands in.
        var root = spans
            .OrderBy(span => span.ParentSpanId is null || !spanIds.Contains(span.ParentSpanId) ? 0 : 1)
            .ThenBy(span => span.ParentSpanId is null ? 0 : 1)
            .ThenBy(span => span.Start)
            .First();
        var start = spans.Min(span => span.Start);
        var end = spans.Max(span => span.End);
        return new TraceSummary(
            traceId,
            root.Name,
            root.ServiceName,
            [.. spans.Select(span => span.ServiceName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            spans.Count,
            start,
            (end - start).TotalMilliseconds,
            spans.Any(span => span.Status == "error"));
    }

    private sealed class TraceEntry
    {
        public List<TelemetrySpan> Spans { get; } = [];

        public HashSet<string> SpanIds { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset FirstStart { get; set; } = DateTimeOffset.MaxValue;
    }
}
