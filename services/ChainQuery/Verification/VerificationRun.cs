using AspireChain.ChainQuery.Apis;

namespace AspireChain.ChainQuery.Verification;

/// <summary>
/// One verification run while it goes: the verifier moves its progress, the API reads a view of it at any moment.
/// Thread-safe.
/// </summary>
public sealed class VerificationRun
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private string _mode;
    private long? _checkpointHeight;
    private long _fromHeight;
    private long _toHeight = -1;
    private long _height = -1;
    private long _blocksChecked;
    private long _blocksTotal;
    private long _transfersChecked;

    /// <summary>A run numbered <paramref name="id"/>, started at <paramref name="startedAtMs"/>, as <paramref name="request"/> asked with <paramref name="signaturesPerSecond"/> in force.</summary>
    public VerificationRun(long id, VerificationRequest request, int? signaturesPerSecond, long startedAtMs, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(request);
        Id = id;
        Request = request;
        SignaturesPerSecond = signaturesPerSecond;
        StartedAtMs = startedAtMs;
        _clock = clock;
        _mode = request.Full ? VerificationStates.Full : VerificationStates.Incremental;
    }

    /// <summary>The run's number.</summary>
    public long Id { get; }

    /// <summary>What was asked.</summary>
    public VerificationRequest Request { get; }

    /// <summary>The pace in force (null: no limit).</summary>
    public int? SignaturesPerSecond { get; }

    /// <summary>When it started (Unix ms).</summary>
    public long StartedAtMs { get; }

    /// <summary>Transfers whose signature this run verified so far.</summary>
    public long TransfersChecked
    {
        get
        {
            lock (_gate)
            {
                return _transfersChecked;
            }
        }
    }

    /// <summary>The store's snapshot is open: the run checks heights <paramref name="fromHeight"/> to <paramref name="toHeight"/>, starting from a chain at <paramref name="height"/>.</summary>
    public void Opened(string mode, long? checkpointHeight, long fromHeight, long toHeight, long height)
    {
        lock (_gate)
        {
            _mode = mode;
            _checkpointHeight = checkpointHeight;
            _fromHeight = fromHeight;
            _toHeight = toHeight;
            _height = height;
            _blocksTotal = Math.Max(0, toHeight - fromHeight + 1);
        }
    }

    /// <summary>The block at <paramref name="height"/> passed, with <paramref name="transfers"/> transfer signatures verified.</summary>
    public void Checked(long height, int transfers)
    {
        lock (_gate)
        {
            _height = height;
            _blocksChecked++;
            _transfersChecked += transfers;
        }
    }

    /// <summary>The run as the API shows it now (still running).</summary>
    public ChainVerificationRun View() => ViewAs(VerificationStates.Running, null, null, null, null);

    /// <summary>The run as it ended: <paramref name="state"/> at <paramref name="finishedAtMs"/>, with the failure if any.</summary>
    public ChainVerificationRun Finished(string state, long finishedAtMs, long? firstBadHeight, string? reason, string? detail) =>
        ViewAs(state, finishedAtMs, firstBadHeight, reason, detail);

    private ChainVerificationRun ViewAs(string state, long? finishedAtMs, long? firstBadHeight, string? reason, string? detail)
    {
        lock (_gate)
        {
            var end = finishedAtMs ?? _clock.GetUtcNow().ToUnixTimeMilliseconds();
            return new ChainVerificationRun(
                Id, state, state == VerificationStates.Valid, _mode, _checkpointHeight, _fromHeight, _toHeight, _height,
                _blocksChecked, _blocksTotal, _transfersChecked, SignaturesPerSecond, StartedAtMs, finishedAtMs,
                Math.Max(0, end - StartedAtMs), firstBadHeight, reason, detail);
        }
    }
}
