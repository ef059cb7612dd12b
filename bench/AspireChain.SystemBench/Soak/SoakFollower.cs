using System.Collections.Concurrent;
using System.Diagnostics;
using AspireChain.SystemBench.Load;
using AspireChain.Client.Services;

namespace AspireChain.SystemBench.Soak;

/// <summary>
/// Follows a soak's transfers to their outcomes and forgets each one as soon as it has one, so the bench holds only the
/// transfers in flight however long it runs: an open transfer is its id and submit time; ChainQuery's block stream
/// confirms it (its latency goes into a histogram), a growing rejected count makes the open ones' statuses be read.
/// Outcomes are counts: confirmed, rejected by reason, lost by status.
/// </summary>
public sealed class SoakFollower(ChainQueryClient chainQuery, BlockReader blocks)
{
    private const int Parallelism = 8;
    private static readonly TimeSpan RejectionCheckInterval = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, long> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _rejectedByReason = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lostByStatus = new(StringComparer.Ordinal);
    private long _confirmed;
    private long _rejected;
    private long _tipHeight = -1;
    private long _knownRejections = -1;

    /// <summary>Submit → the bench receiving the block event that holds the transfer, ms.</summary>
    public LatencyHistogram Confirmation { get; } = new();

    /// <summary>Transfers seen in a block.</summary>
    public long Confirmed => Interlocked.Read(ref _confirmed);

    /// <summary>Transfers ChainQuery reported rejected.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Transfers submitted with no outcome yet.</summary>
    public int Open => _open.Count;

    /// <summary>The newest block seen.</summary>
    public long TipHeight => Interlocked.Read(ref _tipHeight);

    /// <summary>Rejections by reason.</summary>
    public IReadOnlyDictionary<string, long> RejectedByReason => _rejectedByReason;

    /// <summary>Transfers with no outcome at the end, by what ChainQuery said of them (<c>pending</c>, <c>unseen</c>).</summary>
    public IReadOnlyDictionary<string, long> LostByStatus => _lostByStatus;

    /// <summary>Starts following a transfer; call before it is posted, so a fast block cannot be missed.</summary>
    public void Track(string id, long submittedAt) => _open[id] = submittedAt;

    /// <summary>Stops following a transfer that will have no outcome (TransactionIngest refused it).</summary>
    public void Forget(string id) => _open.TryRemove(id, out _);

    /// <summary>Takes ChainQuery's current rejected count as the baseline (rejections before the soak are not ours).</summary>
    public async Task StartAsync(CancellationToken cancellationToken) =>
        _knownRejections = (await chainQuery.GetStatsAsync(cancellationToken)).RejectedTransactions;

    /// <summary>Confirms the open transfers of every block ChainQuery announces, until cancelled.</summary>
    public async Task FollowBlocksAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in chainQuery.StreamBlocksAsync(cancellationToken))
            {
                var seenAt = Stopwatch.GetTimestamp();
                if (update.EventType != "tip")
                {
                    var block = await ReadWithRetryAsync(update.Block.Height, cancellationToken);
                    foreach (var transaction in block?.Transactions ?? [])
                    {
                        if (!transaction.IsCoinbase && _open.TryRemove(transaction.Id, out var submittedAt))
                        {
                            Confirmation.Add(Stopwatch.GetElapsedTime(submittedAt, seenAt).TotalMilliseconds);
                            Interlocked.Increment(ref _confirmed);
                        }
                    }
                }

                if (update.Block.Height > TipHeight)
                {
                    Interlocked.Exchange(ref _tipHeight, update.Block.Height);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped at the end of the soak.
        }
    }

    /// <summary>Every couple of seconds, when ChainQuery's rejected count grew, reads the open transfers' statuses to find the rejected ones.</summary>
    public async Task FollowRejectionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(RejectionCheckInterval, cancellationToken);
                try
                {
                    var rejections = (await chainQuery.GetStatsAsync(cancellationToken)).RejectedTransactions;
                    if (rejections > _knownRejections)
                    {
                        await ReadStatusesAsync(final: false, cancellationToken);
                        _knownRejections = rejections;
                    }
                }
                catch (Exception e) when (e is ServiceUnreachableException or ServiceRefusedException)
                {
                    // ChainQuery busy or restarting: a long soak asks again next round rather than stop.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped at the end of the soak.
        }
    }

    /// <summary>At the end: reads the status of every transfer still open, so each is confirmed, rejected or counted lost.</summary>
    public Task ResolveRemainingAsync(CancellationToken cancellationToken) => ReadStatusesAsync(final: true, cancellationToken);

    private async Task ReadStatusesAsync(bool final, CancellationToken cancellationToken)
    {
        var open = _open.Keys.ToList();
        await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            TransactionStatusView? status;
            try
            {
                status = await chainQuery.GetStatusAsync(id, ct);
            }
            catch (ServiceUnreachableException)
            {
                status = null; // ChainQuery restarting: asked again next time, or counted lost at the end.
            }

            switch (status?.Status)
            {
                case TransactionStatusView.Rejected when _open.TryRemove(id, out _):
                    _rejectedByReason.AddOrUpdate(status.Reason ?? "rejected", 1, (_, n) => n + 1);
                    Interlocked.Increment(ref _rejected);
                    break;
                case TransactionStatusView.Confirmed when final && _open.TryRemove(id, out var submittedAt):
                    // In a block the stream has not delivered yet: confirmed now, at the latest.
                    Confirmation.Add(Stopwatch.GetElapsedTime(submittedAt).TotalMilliseconds);
                    Interlocked.Increment(ref _confirmed);
                    break;
                default:
                    if (final && _open.TryRemove(id, out _))
                    {
                        _lostByStatus.AddOrUpdate(status?.Status ?? "unseen", 1, (_, n) => n + 1);
                    }

                    break;
            }
        });
    }

    private async Task<BlockTransfersView?> ReadWithRetryAsync(long height, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (await blocks.ReadAsync(height, cancellationToken) is { } block)
                {
                    return block;
                }
            }
            catch (HttpRequestException)
            {
                // ChainQuery busy or restarting: try again shortly.
            }

            await Task.Delay(200, cancellationToken);
        }

        return null;
    }
}
