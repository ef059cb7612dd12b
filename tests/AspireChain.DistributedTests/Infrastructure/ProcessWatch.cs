using Aspire.Hosting.ApplicationModel;
using AspireChain.Testing.Aspire;

namespace AspireChain.DistributedTests.Infrastructure;

/// <summary>
/// Watches every service replica through an attack: its process id and its state, polled, so a crash (a terminal state
/// Aspire never restarts from) or a restart (a new process id) anywhere is caught, whenever it happened.
/// </summary>
internal sealed class ProcessWatch : IAsyncDisposable
{
    private static readonly string[] Services = ["ingest", "chainquery", "miner", "validator"];
    private readonly ResourceMonitor _resources;
    private readonly Dictionary<string, int?> _started;
    private readonly List<string> _seen = [];
    private readonly HashSet<string> _excused = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _poll;

    private ProcessWatch(ResourceMonitor resources)
    {
        _resources = resources;
        _started = Services.SelectMany(resources.Replicas).ToDictionary(r => r, resources.ProcessId, StringComparer.Ordinal);
        Assert.All(_started, p => Assert.True(p.Value is not null && resources.State(p.Key) == KnownResourceStates.Running, $"{p.Key} is not running at the start"));
        _poll = Task.Run(PollAsync);
    }

    /// <summary>Every replica watched, with its process id at the start.</summary>
    public IReadOnlyDictionary<string, int?> Started => _started;

    /// <summary>Starts watching every replica of the four services (each must be running now).</summary>
    public static ProcessWatch Start(ResourceMonitor resources) => new(resources);

    /// <summary>A replica the scenario itself restarts: its new process id is expected, nothing else is.</summary>
    public void Excuse(string replica)
    {
        lock (_seen)
        {
            _excused.Add(replica);
        }
    }

    /// <summary>Asserts no replica stopped, crashed or restarted since the start (excused ones aside).</summary>
    public async Task AssertNoRestartAsync()
    {
        await _stop.CancelAsync();
        await _poll;
        Check();
        lock (_seen)
        {
            Assert.True(_seen.Count == 0, "processes restarted or stopped during the attack: " + string.Join("; ", _seen.Distinct()));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _poll;
        _stop.Dispose();
    }

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Check();
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Check()
    {
        foreach (var (replica, pid) in _started)
        {
            lock (_seen)
            {
                if (_excused.Contains(replica))
                {
                    continue;
                }
            }

            var state = _resources.State(replica);
            var now = _resources.ProcessId(replica);
            if (state != KnownResourceStates.Running || now != pid)
            {
                lock (_seen)
                {
                    _seen.Add($"{replica}: {state}, process {pid} -> {now?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
                }
            }
        }
    }
}
