using System.Diagnostics;
using AspireChain.Ledger;

namespace AspireChain.Miner.Following;

/// <summary>
/// The miner's local copy of the accepted chain (fed from <c>blocks</c>), guarded for the three threads that use it, with a
/// token that is cancelled the moment the tip moves so a running nonce search stops within milliseconds.
/// </summary>
internal sealed class FollowedChain
{
    private readonly Lock _gate = new();
    private readonly Ledger.Chain _chain;
    private CancellationTokenSource _tipMoved = new();
    private long _tipMovedAt = Stopwatch.GetTimestamp();

    public FollowedChain(NetworkParameters network)
    {
        // Blocks on `blocks` were fully validated by the Validator (and mempool signatures when read): checking every
        // signature again would only take CPU from mining. Linkage, PoW and state rules are still applied.
        _chain = new Ledger.Chain(network, SignatureVerification.None);
    }

    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NetworkParameters Network => _chain.Network;

    /// <summary>Completes once the feed has read <c>blocks</c> to its end the first time: mining before that only makes stale blocks.</summary>
    public Task CaughtUp => _caughtUp.Task;

    /// <summary>Records that the feed reached the end of <c>blocks</c>.</summary>
    public void MarkCaughtUp() => _caughtUp.TrySetResult();

    /// <summary>Blocks rebuilt from this replica's own store at start.</summary>
    public int RestoredBlocks { get; private set; }

    /// <summary>The <c>blocks</c> offset the feed resumed at (0: a new store read the topic from the beginning).</summary>
    public long ResumedAtOffset { get; private set; }

    /// <summary>Records what the start-up restore gave.</summary>
    public void MarkRestored(int blocks, long offset) => (RestoredBlocks, ResumedAtOffset) = (blocks, offset);

    /// <summary>Why the feed stopped following (blocks it never saw are gone from the topic); null while it follows.</summary>
    public string? Gap { get; private set; }

    /// <summary>Records that blocks after the stored offset are gone, so this replica cannot extend its chain.</summary>
    public void MarkGap(string reason) => Gap = reason;

    /// <summary>Cancelled when the next block is appended.</summary>
    public CancellationToken TipMoved
    {
        get
        {
            lock (_gate)
            {
                return _tipMoved.Token;
            }
        }
    }

    /// <summary>Time since the tip last moved.</summary>
    public TimeSpan TipAge => Stopwatch.GetElapsedTime(Volatile.Read(ref _tipMovedAt));

    public ulong Height
    {
        get
        {
            lock (_gate)
            {
                return _chain.Height;
            }
        }
    }

    /// <summary>Whether the block is already in the chain (a redelivery).</summary>
    public bool Contains(Hash256 hash)
    {
        lock (_gate)
        {
            return _chain.ContainsBlock(hash);
        }
    }

    /// <summary>Runs <paramref name="read"/> with the chain held still.</summary>
    public T Read<T>(Func<Ledger.Chain, T> read)
    {
        lock (_gate)
        {
            return read(_chain);
        }
    }

    /// <summary>Appends an accepted block (validated again: the miner trusts nobody) and signals the new tip.</summary>
    public ValidationResult Append(Block block)
    {
        CancellationTokenSource previous;
        lock (_gate)
        {
            // "now" = the block's own time: the Validator already checked it against the clock when it accepted it.
            var result = _chain.TryAppend(block, block.Header.Timestamp);
            if (!result.IsValid)
            {
                return result;
            }

            previous = _tipMoved;
            _tipMoved = new CancellationTokenSource();
            Volatile.Write(ref _tipMovedAt, Stopwatch.GetTimestamp());
        }

        // Not disposed: searches may still hold its token; it owns no timer or handle worth releasing early.
        previous.Cancel();
        return ValidationResult.Ok;
    }
}
