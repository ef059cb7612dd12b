using System.Diagnostics;
using AspireChain.Client.Services;
using AspireChain.Client.Transfers;
using AspireChain.Ledger;

namespace AspireChain.LoadGenerator.Load;

/// <summary>
/// Submits transfers at a target rate. Single posts run concurrently but each sender's next post waits for its
/// previous one, so every wallet's nonces reach Kafka in order; batches go one after another for the same reason.
/// </summary>
public sealed class PacedSubmitter(IngestClient ingest, double ratePerSecond, int batchSize)
{
    /// <summary>Submits every transfer in plan order; completes when each was acknowledged or refused.</summary>
    public Task SubmitAsync(IReadOnlyList<Submission> plan, CancellationToken cancellationToken) =>
        batchSize > 1 ? SubmitBatchesAsync(plan, cancellationToken) : SubmitSinglesAsync(plan, cancellationToken);

    private async Task SubmitSinglesAsync(IReadOnlyList<Submission> plan, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var previousOfSender = new Dictionary<Address, Task>();
        var all = new List<Task>(plan.Count);
        for (var i = 0; i < plan.Count; i++)
        {
            await WaitForSlotAsync(start, i, cancellationToken);
            var submission = plan[i];
            var sender = submission.Transaction.SenderAddress;
            var previous = previousOfSender.GetValueOrDefault(sender, Task.CompletedTask);
            var task = SubmitAfterAsync(previous, submission, cancellationToken);
            previousOfSender[sender] = task;
            all.Add(task);
        }

        await Task.WhenAll(all);
    }

    private async Task SubmitAfterAsync(Task previous, Submission submission, CancellationToken cancellationToken)
    {
        await previous;
        await ingest.SubmitAsync(submission, cancellationToken);
    }

    private async Task SubmitBatchesAsync(IReadOnlyList<Submission> plan, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        for (var first = 0; first < plan.Count; first += batchSize)
        {
            var batch = plan.Skip(first).Take(batchSize).ToList();
            // A batch leaves when its last transfer is due at the target rate.
            await WaitForSlotAsync(start, first + batch.Count - 1, cancellationToken);
            await ingest.SubmitBatchAsync(batch, cancellationToken);
        }
    }

    private async Task WaitForSlotAsync(long start, int index, CancellationToken cancellationToken)
    {
        if (ratePerSecond <= 0)
        {
            return;
        }

        var due = TimeSpan.FromSeconds(index / ratePerSecond) - Stopwatch.GetElapsedTime(start);
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due, cancellationToken);
        }
    }
}
