using System.Diagnostics;
using AspireChain.Client.Services;
using AspireChain.Client.Transfers;
using AspireChain.Client.Wallets;
using AspireChain.Ledger;

namespace AspireChain.SystemBench.Load;

/// <summary>
/// Submits signed random transfers between the funded wallets for the shape's duration, at its rate or flat out, over
/// several concurrent streams. A stream owns every wallet whose index is its number modulo the stream count and sends
/// one request after another, so each wallet's nonces reach Kafka in order. At a rate, every transfer the run will offer
/// is signed by <see cref="Prepare"/> before the clock starts (real clients sign on their own machines, so the bench's
/// signing must not take CPU from the services it measures); flat out, transfers are signed just before they are sent.
/// </summary>
public sealed class LoadDriver(IngestClient ingest, IReadOnlyList<Wallet> wallets, NetworkParameters network, LoadShape shape, OutcomeFollower follower)
{
    /// <summary>Largest amount of one transfer, in base units.</summary>
    public const ulong MaxAmount = 1_000;

    /// <summary>The fee of every transfer.</summary>
    public const ulong Fee = 1;

    private readonly List<Submission>[] _sent = [.. Enumerable.Range(0, shape.Streams).Select(_ => new List<Submission>())];
    private readonly Queue<Submission>[] _signed = [.. Enumerable.Range(0, shape.Streams).Select(_ => new Queue<Submission>())];
    private readonly Random[] _randoms = [.. Enumerable.Range(0, shape.Streams).Select(stream => new Random(HashCode.Combine(shape.Seed, stream)))];
    private int _submitted;
    private int _acknowledged;
    private int _refused;

    /// <summary>Transfers posted so far.</summary>
    public int Submitted => Volatile.Read(ref _submitted);

    /// <summary>Transfers TransactionIngest acknowledged (written to Kafka).</summary>
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>Transfers TransactionIngest refused at the edge.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Every submission of the run; complete once <see cref="RunAsync"/> has returned.</summary>
    public IReadOnlyList<Submission> Submissions => [.. _sent.SelectMany(s => s)];

    /// <summary>Transfers signed ahead of the run and not sent yet.</summary>
    public int Presigned => _signed.Sum(queue => queue.Count);

    /// <summary>
    /// At a rate, signs every transfer the run will offer (the rate times the duration, plus a second's worth), each
    /// stream's in its own sending order and the streams in parallel (their wallets are disjoint); flat out, nothing.
    /// </summary>
    public void Prepare(CancellationToken cancellationToken)
    {
        if (shape.FlatOut)
        {
            return;
        }

        var perStream = (int)Math.Ceiling(shape.Rate / shape.Streams * (shape.Duration.TotalSeconds + 1));
        Parallel.For(0, shape.Streams, new ParallelOptions { CancellationToken = cancellationToken }, stream =>
        {
            var own = OwnWallets(stream);
            for (var i = 0; i < perStream && own.Count > 0; i++)
            {
                _signed[stream].Enqueue(Sign(stream, own));
            }
        });
    }

    /// <summary>Runs every stream until the duration has passed; requests already sent are finished.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, shape.Streams).Select(i => Task.Run(() => StreamAsync(i, start, cancellationToken), cancellationToken)));
    }

    private async Task StreamAsync(int stream, long start, CancellationToken cancellationToken)
    {
        var own = OwnWallets(stream);
        if (own.Count == 0)
        {
            return;
        }

        var signed = _signed[stream];
        var streamRate = shape.Rate / shape.Streams;
        var sent = _sent[stream];
        while (Stopwatch.GetElapsedTime(start) < shape.Duration && !cancellationToken.IsCancellationRequested)
        {
            var count = shape.Batch;
            if (!shape.FlatOut)
            {
                var due = (int)(Stopwatch.GetElapsedTime(start).TotalSeconds * streamRate) - sent.Count;
                if (due <= 0)
                {
                    var next = TimeSpan.FromSeconds((sent.Count + 1) / streamRate) - Stopwatch.GetElapsedTime(start);
                    await Task.Delay(next > TimeSpan.FromMilliseconds(1) ? next : TimeSpan.FromMilliseconds(1), cancellationToken);
                    continue;
                }

                count = Math.Min(due, shape.Batch);
            }

            var batch = new List<Submission>(count);
            for (var i = 0; i < count; i++)
            {
                var submission = signed.TryDequeue(out var ready) ? ready : Sign(stream, own);
                follower.Track(submission);
                batch.Add(submission);
            }

            sent.AddRange(batch);
            Interlocked.Add(ref _submitted, batch.Count);
            if (batch.Count == 1)
            {
                await ingest.SubmitAsync(batch[0], cancellationToken);
            }
            else
            {
                await ingest.SubmitBatchAsync(batch, cancellationToken);
            }

            Interlocked.Add(ref _acknowledged, batch.Count(s => s.AcknowledgedAt is not null));
            Interlocked.Add(ref _refused, batch.Count(s => s.RefusedByIngest));
        }
    }

    private List<int> OwnWallets(int stream) => [.. Enumerable.Range(0, wallets.Count).Where(i => i % shape.Streams == stream)];

    // The stream's next transfer from one of its own wallets, in the order the stream sends them (nonces in order).
    private Submission Sign(int stream, List<int> own)
    {
        var random = _randoms[stream];
        var from = own[random.Next(own.Count)];
        var to = (from + 1 + random.Next(wallets.Count - 1)) % wallets.Count; // never a self-transfer
        return new Submission(wallets[from].Transfer(wallets[to].Address, (ulong)random.NextInt64(1, (long)MaxAmount + 1), Fee, network));
    }
}
