using AspireChain.Ledger;

namespace AspireChain.Miner.Mining;

/// <summary>
/// Wakes the mining loop early (the template filled up, <c>POST /mine</c>) and hands forced-mining callers the block
/// they asked for. Thread-safe.
/// </summary>
internal sealed class MiningSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _gate = new();
    private readonly List<TaskCompletionSource<Block>> _forced = [];

    /// <summary>True while a <c>POST /mine</c> waits for a block.</summary>
    public bool IsForced
    {
        get
        {
            lock (_gate)
            {
                return _forced.Count > 0;
            }
        }
    }

    /// <summary>Wakes the loop if it sleeps (idempotent).</summary>
    public void Nudge()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake-pending: one wake-up is enough.
        }
    }

    /// <summary>Sleeps until nudged, <paramref name="timeout"/> passes or <paramref name="cancellationToken"/> fires (no exception).</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _wake.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The tip moved or the host stops: the caller re-reads the situation.
        }
    }

    /// <summary>Asks for a block now, even an empty one; completes with the candidate once it is published.</summary>
    public Task<Block> ForceAsync()
    {
        var completion = new TaskCompletionSource<Block>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _forced.Add(completion);
        }

        Nudge();
        return completion.Task;
    }

    /// <summary>Fails every forced request: nothing can be mined now (<paramref name="reason"/> says why).</summary>
    public void Refuse(string reason)
    {
        TaskCompletionSource<Block>[] waiting;
        lock (_gate)
        {
            waiting = [.. _forced];
            _forced.Clear();
        }

        foreach (var completion in waiting)
        {
            completion.TrySetException(new InvalidOperationException(reason));
        }
    }

    /// <summary>Completes every forced request with the candidate just published.</summary>
    public void Published(Block candidate)
    {
        TaskCompletionSource<Block>[] waiting;
        lock (_gate)
        {
            waiting = [.. _forced];
            _forced.Clear();
        }

        foreach (var completion in waiting)
        {
            completion.TrySetResult(candidate);
        }
    }
}
