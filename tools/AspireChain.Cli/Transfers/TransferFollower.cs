using System.Diagnostics;
using AspireChain.Client.Services;

namespace AspireChain.Cli.Transfers;

/// <summary>
/// Polls ChainQuery for one transfer until it is confirmed or rejected, or the timeout passes, reporting every change
/// (status, confirmations) as it happens. A ChainQuery that stops answering for a while (restarting) is waited for.
/// </summary>
public static class TransferFollower
{
    private static readonly TimeSpan PollPause = TimeSpan.FromMilliseconds(400);

    /// <summary>The last status seen (null when ChainQuery never saw it); final unless the timeout passed first.</summary>
    public static async Task<TransactionStatusView?> FollowAsync(
        ChainQueryClient chainQuery, string id, TimeSpan timeout, Action<TransactionStatusView?, string?> onChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chainQuery);
        ArgumentNullException.ThrowIfNull(onChange);
        var started = Stopwatch.GetTimestamp();
        TransactionStatusView? last = null;
        string? lastKey = null;
        while (true)
        {
            string? problem = null;
            try
            {
                last = await chainQuery.GetStatusAsync(id, cancellationToken).ConfigureAwait(false) ?? last;
            }
            catch (ServiceUnreachableException e)
            {
                problem = $"ChainQuery is not answering ({e.InnerException?.Message}); still trying";
            }

            var key = $"{last?.Status}/{last?.Confirmations}/{problem is null}";
            if (key != lastKey)
            {
                lastKey = key;
                onChange(last, problem);
            }

            if (last?.IsFinal == true || Stopwatch.GetElapsedTime(started) >= timeout)
            {
                return last;
            }

            await Task.Delay(PollPause, cancellationToken).ConfigureAwait(false);
        }
    }
}
