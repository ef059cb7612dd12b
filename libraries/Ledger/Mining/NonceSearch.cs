using System.Diagnostics;

namespace AspireChain.Ledger;

/// <summary>
/// The shared multi-threaded driver behind every <see cref="IProofOfWork"/>: threads claim small chunks of the nonce range
/// from one counter, so cancellation and a found nonce stop every thread within one chunk (about a millisecond).
/// </summary>
public abstract class NonceSearch : IProofOfWork
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>Nonces per claimed chunk: small enough to stop within about a millisecond.</summary>
    protected abstract uint ChunkSize { get; }

    internal abstract NonceWorker CreateWorker(BlockHeader template);

    /// <inheritdoc />
    public Hash256 Hash(BlockHeader template, ulong nonce)
    {
        ArgumentNullException.ThrowIfNull(template);
        return (template with { Nonce = nonce }).ComputeHash();
    }

    /// <inheritdoc />
    public ProofOfWorkResult Search(BlockHeader template, ulong startNonce, ulong count, int threads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        var run = new SearchRun(this, template, startNonce, count, cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        if (threads == 1)
        {
            run.Work();
        }
        else
        {
            var workers = new Thread[threads];
            for (var i = 0; i < threads; i++)
            {
                workers[i] = new Thread(run.Work) { IsBackground = true, Name = $"pow-{i}", Priority = ThreadPriority.BelowNormal };
                workers[i].Start();
            }
            foreach (var worker in workers) worker.Join();
        }
        stopwatch.Stop();
        var outcome = run.Found ? ProofOfWorkOutcome.Found : cancellationToken.IsCancellationRequested ? ProofOfWorkOutcome.Cancelled : ProofOfWorkOutcome.Exhausted;
        return new ProofOfWorkResult(outcome, run.Nonce, run.Found ? Hash(template, run.Nonce) : default, run.Attempts, stopwatch.Elapsed);
    }

    private sealed class SearchRun(NonceSearch owner, BlockHeader template, ulong start, ulong count, CancellationToken cancellationToken)
    {
        private long _claimed;
        private long _attempts;
        private int _found;

        public bool Found => Volatile.Read(ref _found) != 0;

        public ulong Nonce { get; private set; }

        public ulong Attempts => (ulong)Interlocked.Read(ref _attempts);

        public void Work()
        {
            var worker = owner.CreateWorker(template);
            var chunk = owner.ChunkSize;
            while (!Found && !cancellationToken.IsCancellationRequested)
            {
                var offset = (ulong)(Interlocked.Add(ref _claimed, chunk) - chunk);
                if (offset >= count) return;
                var n = (uint)Math.Min(chunk, count - offset);
                var first = unchecked(start + offset);
                if (worker.TrySearch(first, n, out var nonce))
                {
                    Interlocked.Add(ref _attempts, (long)(nonce - first + 1));
                    if (Interlocked.CompareExchange(ref _found, 1, 0) == 0) Nonce = nonce;
                    return;
                }
                Interlocked.Add(ref _attempts, n);
            }
        }
    }
}
