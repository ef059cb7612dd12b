using System.Diagnostics;
using AspireChain.Client.Services;
using AspireChain.Client.Transfers;

namespace AspireChain.LoadGenerator.Load;

/// <summary>
/// Polls ChainQuery for every acknowledged, not yet final submission until each is confirmed or rejected, or the
/// deadline passes. Confirmation times are when a poll first saw the status, so they are late by at most one sweep.
/// </summary>
public sealed class ConfirmationTracker(ChainQueryClient chainQuery)
{
    private const int Parallelism = 8;
    private static readonly TimeSpan SweepPause = TimeSpan.FromMilliseconds(200);

    /// <summary>Polls until no acknowledged submission is outstanding or <paramref name="deadline"/> (a Stopwatch timestamp) passes; true when none is left.</summary>
    public async Task<bool> WaitAsync(IReadOnlyCollection<Submission> submissions, long deadline, Func<bool>? moreComing, CancellationToken cancellationToken)
    {
        while (true)
        {
            var outstanding = submissions.Where(s => s.AcknowledgedAt is not null && !s.IsFinal).ToList();
            var stillSubmitting = moreComing?.Invoke() ?? false;
            if (outstanding.Count == 0 && !stillSubmitting)
            {
                return true;
            }

            if (Stopwatch.GetTimestamp() >= deadline)
            {
                return false;
            }

            try
            {
                await Parallel.ForEachAsync(outstanding, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (submission, ct) =>
                {
                    var status = await chainQuery.GetStatusAsync(submission.Id, ct);
                    switch (status?.Status)
                    {
                        case "confirmed": submission.ConfirmedAt = Stopwatch.GetTimestamp(); break;
                        case "rejected": submission.RejectReason = status.Reason ?? "rejected"; break;
                    }
                });
            }
            catch (ServiceUnreachableException) when (!cancellationToken.IsCancellationRequested)
            {
                // ChainQuery restarting (the AppHost restarts a crashed service): poll again until the deadline.
            }

            await Task.Delay(SweepPause, cancellationToken);
        }
    }
}
