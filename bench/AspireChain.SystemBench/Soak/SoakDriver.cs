using System.Collections.Concurrent;
using System.Diagnostics;
using AspireChain.SystemBench.Load;
using AspireChain.Client.Services;
using AspireChain.Client.Transfers;
using AspireChain.Client.Wallets;
using AspireChain.Ledger;

namespace AspireChain.SystemBench.Soak;

/// <summary>
/// Submits random transfers between a fixed set of funded wallets at a rate, for as long as the soak lasts, keeping
/// nothing per transfer: each is signed just before it is sent (a soak is too long to sign ahead), handed to the
/// follower by id, and dropped once Ingest has answered; acknowledgement latency goes into a histogram. Streams own
/// disjoint wallets as in a bench run, so each wallet's nonces reach Kafka in order. While the follower holds
/// <see cref="SoakShape.MaxOpenTransfers"/> in flight the streams wait, and the transfers they owed are skipped.
/// </summary>
public sealed class SoakDriver(IngestClient ingest, IReadOnlyList<Wallet> wallets, NetworkParameters network, SoakShape shape, SoakFollower follower)
{
    private readonly Random[] _randoms = [.. Enumerable.Range(0, shape.Load.Streams).Select(stream => new Random(HashCode.Combine(shape.Load.Seed, stream)))];
    private readonly ConcurrentDictionary<string, long> _refusedByReason = new(StringComparer.Ordinal);
    private long _submitted;
    private long _acknowledged;
    private long _refused;
    private long _retries;
    private long _skipped;

    /// <summary>Transfers posted so far.</summary>
    public long Submitted => Interlocked.Read(ref _submitted);

    /// <summary>Transfers TransactionIngest acknowledged.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Transfers TransactionIngest refused at the edge.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Resubmissions after a 429 or 503.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Transfers not offered because too many were in flight.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Ingest's refusals by rule.</summary>
    public IReadOnlyDictionary<string, long> RefusedByReason => _refusedByReason;

    /// <summary>Submit → Ingest's 202, ms.</summary>
    public LatencyHistogram Acknowledgement { get; } = new();

    /// <summary>Runs every stream until the duration has passed; requests already sent are finished.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, shape.Load.Streams).Select(i => Task.Run(() => StreamAsync(i, start, cancellationToken), cancellationToken)));
    }

    private async Task StreamAsync(int stream, long start, CancellationToken cancellationToken)
    {
        var own = Enumerable.Range(0, wallets.Count).Where(i => i % shape.Load.Streams == stream).ToList();
        if (own.Count == 0)
        {
            return;
        }

        var streamRate = shape.Load.Rate / shape.Load.Streams;
        var sent = 0L;
        while (Stopwatch.GetElapsedTime(start) < shape.Load.Duration)
        {
            var due = (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * streamRate) - sent;
            if (follower.Open >= shape.MaxOpenTransfers)
            {
                // Behind: wait, and skip what was owed meanwhile rather than burst it out afterwards.
                if (due > 0)
                {
                    Interlocked.Add(ref _skipped, due);
                    sent += due;
                }

                await Task.Delay(100, cancellationToken);
                continue;
            }

            if (due <= 0)
            {
                var next = TimeSpan.FromSeconds((sent + 1) / streamRate) - Stopwatch.GetElapsedTime(start);
                await Task.Delay(next > TimeSpan.FromMilliseconds(1) ? next : TimeSpan.FromMilliseconds(1), cancellationToken);
                continue;
            }

            var count = (int)Math.Min(due, shape.Load.Batch);
            var batch = new List<Submission>(count);
            var postedAt = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var submission = Sign(stream, own);
                submission.SubmittedAt = postedAt;
                follower.Track(submission.Id, postedAt);
                batch.Add(submission);
            }

            sent += count;
            Interlocked.Add(ref _submitted, count);
            if (count == 1)
            {
                await ingest.SubmitAsync(batch[0], cancellationToken);
            }
            else
            {
                await ingest.SubmitBatchAsync(batch, cancellationToken);
            }

            foreach (var submission in batch)
            {
                Interlocked.Add(ref _retries, submission.Retries);
                if (submission.RefusedByIngest)
                {
                    follower.Forget(submission.Id);
                    Interlocked.Increment(ref _refused);
                    _refusedByReason.AddOrUpdate(submission.RejectReason ?? "refused", 1, (_, n) => n + 1);
                }
                else if (submission.AcknowledgedAt is { } acknowledgedAt)
                {
                    Interlocked.Increment(ref _acknowledged);
                    Acknowledgement.Add(Stopwatch.GetElapsedTime(postedAt, acknowledgedAt).TotalMilliseconds);
                }
            }
        }
    }

    // The stream's next transfer from one of its own wallets to any other of the fixed set (never a self-transfer).
    private Submission Sign(int stream, List<int> own)
    {
        var random = _randoms[stream];
        var from = own[random.Next(own.Count)];
        var to = (from + 1 + random.Next(wallets.Count - 1)) % wallets.Count;
        return new Submission(wallets[from].Transfer(wallets[to].Address, (ulong)random.NextInt64(1, (long)LoadDriver.MaxAmount + 1), LoadDriver.Fee, network));
    }
}
