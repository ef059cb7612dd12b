using System.Collections.Concurrent;
using System.Diagnostics;
using AspireChain.Client.Services;
using AspireChain.Client.Transfers;

namespace AspireChain.SystemBench.Load;

/// <summary>
/// Follows every submitted transfer to its outcome without polling each one: ChainQuery's block stream says when a block
/// is applied, and that block's transaction ids confirm the transfers in it (timestamped when the event arrived). Only
/// when ChainQuery's rejected count grows are the open transfers' statuses read, to find which were rejected and why.
/// </summary>
public sealed class OutcomeFollower(ChainQueryClient chainQuery, BlockReader blocks)
{
    private const int Parallelism = 8;
    private static readonly TimeSpan RejectionCheckInterval = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, Submission> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Submission> _rejected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Submission, string> _lostStatus = new();
    private readonly ConcurrentQueue<BlockRecord> _blocks = new();
    private int _confirmed;
    private int _rejectedThenConfirmed;
    private long _knownRejections = -1;

    /// <summary>Transfers seen in a block.</summary>
    public int Confirmed => Volatile.Read(ref _confirmed);

    /// <summary>Transfers ChainQuery reports rejected (by a miner or the Validator).</summary>
    public int Rejected => _rejected.Count;

    /// <summary>Transfers first reported rejected and later found in a block: a valid transfer refused on the way, then mined anyway.</summary>
    public int RejectedThenConfirmed => Volatile.Read(ref _rejectedThenConfirmed);

    /// <summary>Acknowledged transfers with no outcome yet.</summary>
    public int Outstanding => _open.Values.Count(s => s.AcknowledgedAt is not null);

    /// <summary>The newest block seen.</summary>
    public long TipHeight { get; private set; } = -1;

    /// <summary>Blocks applied while following, in order.</summary>
    public IReadOnlyList<BlockRecord> Blocks => [.. _blocks];

    /// <summary>What ChainQuery said about each transfer still open at the end (<c>pending</c>, or <c>unseen</c>).</summary>
    public IReadOnlyDictionary<Submission, string> LostStatus => _lostStatus;

    /// <summary>Starts following a submission; call before it is posted, so a fast block cannot be missed.</summary>
    public void Track(Submission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        _open[submission.Id] = submission;
    }

    /// <summary>Takes ChainQuery's current rejected count as the baseline (rejections before the run are not ours).</summary>
    public async Task StartAsync(CancellationToken cancellationToken) =>
        _knownRejections = (await chainQuery.GetStatsAsync(cancellationToken)).RejectedTransactions;

    /// <summary>Applies every block ChainQuery announces until cancelled.</summary>
    public async Task FollowBlocksAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in chainQuery.StreamBlocksAsync(cancellationToken))
            {
                var seenAt = Stopwatch.GetTimestamp();
                if (update.EventType == "tip")
                {
                    TipHeight = Math.Max(TipHeight, update.Block.Height);
                    continue;
                }

                var block = await ReadWithRetryAsync(update.Block.Height, cancellationToken);
                var ours = 0;
                var transfers = 0;
                foreach (var transaction in block?.Transactions ?? [])
                {
                    if (transaction.IsCoinbase)
                    {
                        continue;
                    }

                    transfers++;
                    if (_open.TryRemove(transaction.Id, out var submission) || _rejected.TryRemove(transaction.Id, out submission))
                    {
                        if (submission.RejectReason is not null)
                        {
                            Interlocked.Increment(ref _rejectedThenConfirmed);
                        }

                        submission.ConfirmedAt = seenAt;
                        Interlocked.Increment(ref _confirmed);
                        ours++;
                    }
                }

                TipHeight = Math.Max(TipHeight, update.Block.Height);
                _blocks.Enqueue(new BlockRecord(update.Block.Height, update.Block.TimestampMs, block is null ? update.Block.TransactionCount - 1 : transfers, ours, seenAt));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped at the end of the run.
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
                var rejections = (await chainQuery.GetStatsAsync(cancellationToken)).RejectedTransactions;
                if (rejections > _knownRejections)
                {
                    await ReadStatusesAsync(final: false, cancellationToken);
                    _knownRejections = rejections;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped at the end of the run.
        }
    }

    /// <summary>At the end: reads the status of every transfer still open, so each is confirmed, rejected or lost with a reason.</summary>
    public Task ResolveRemainingAsync(CancellationToken cancellationToken) => ReadStatusesAsync(final: true, cancellationToken);

    private async Task ReadStatusesAsync(bool final, CancellationToken cancellationToken)
    {
        var open = _open.Values.Where(s => s.AcknowledgedAt is not null).ToList();
        await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (submission, ct) =>
        {
            TransactionStatusView? status;
            try
            {
                status = await chainQuery.GetStatusAsync(submission.Id, ct);
            }
            catch (ServiceUnreachableException)
            {
                return; // ChainQuery restarting: asked again next time.
            }

            switch (status?.Status)
            {
                case TransactionStatusView.Rejected when _open.TryRemove(submission.Id, out _):
                    submission.RejectReason = status.Reason ?? "rejected";
                    submission.RejectDetail = status.Detail;
                    _rejected[submission.Id] = submission;
                    break;
                case TransactionStatusView.Confirmed when final && _open.TryRemove(submission.Id, out _):
                    // In a block the stream has not delivered yet: confirmed now, at the latest.
                    submission.ConfirmedAt = Stopwatch.GetTimestamp();
                    Interlocked.Increment(ref _confirmed);
                    break;
                default:
                    if (final)
                    {
                        _lostStatus[submission] = status?.Status ?? "unseen";
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

/// <summary>One block applied during the run: its height, miner timestamp, transfers (coinbase excluded), how many were ours, and when the bench saw it.</summary>
public sealed record BlockRecord(long Height, long TimestampMs, int Transfers, int Ours, long SeenAt);
