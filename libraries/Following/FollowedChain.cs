using System.Diagnostics;
using AspireChain.Ledger;

namespace AspireChain.Following;

/// <summary>
/// A service's in-memory copy of the accepted chain, rebuilt from its <see cref="BlockStore"/> and extended only by its
/// <see cref="BlocksFollower"/> (and, in the Validator, by the block it accepts). Guarded for the threads that share it,
/// with a token that is cancelled the moment the tip moves, so a running nonce search stops at once.
/// </summary>
public sealed class FollowedChain
{
    private readonly Lock _gate = new();
    private Ledger.Chain _chain;
    private CancellationTokenSource _tipMoved = new();
    private long _tipMovedAt = Stopwatch.GetTimestamp();

    /// <summary>Starts at the network's genesis; transfer signatures are verified unless a caller says otherwise per block.</summary>
    public FollowedChain(NetworkParameters network) => _chain = new Ledger.Chain(network);

    /// <summary>The rules in force.</summary>
    public NetworkParameters Network => _chain.Network;

    /// <summary>Tip height.</summary>
    public ulong Height => Read(c => c.Height);

    /// <summary>Tip hash.</summary>
    public Hash256 TipHash => Read(c => c.TipHash);

    /// <summary>Tip height and hash, read together.</summary>
    public (ulong Height, Hash256 Hash) Tip => Read(c => (c.Height, c.TipHash));

    /// <summary>Cancelled when the tip next moves.</summary>
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

    /// <summary>Whether the block is in the chain.</summary>
    public bool Contains(Hash256 hash) => Read(c => c.ContainsBlock(hash));

    /// <summary>
    /// Replaces the whole chain (a store's base or a verified snapshot was loaded); <see cref="TipMoved"/> fires so work
    /// built on the old tip stops.
    /// </summary>
    public void Reset(Ledger.Chain replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        CancellationTokenSource previous;
        lock (_gate)
        {
            _chain = replacement;
            previous = _tipMoved;
            _tipMoved = new CancellationTokenSource();
            Volatile.Write(ref _tipMovedAt, Stopwatch.GetTimestamp());
        }

        previous.Cancel();
    }

    /// <summary>Runs <paramref name="read"/> with the chain held still.</summary>
    public T Read<T>(Func<Ledger.Chain, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_gate)
        {
            return read(_chain);
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> with exclusive access (append, or append then take back when making it durable
    /// failed); when the tip is another afterwards, <see cref="TipMoved"/> fires.
    /// </summary>
    public T Write<T>(Func<Ledger.Chain, T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        CancellationTokenSource? previous = null;
        try
        {
            lock (_gate)
            {
                var before = _chain.TipHash;
                try
                {
                    return write(_chain);
                }
                finally
                {
                    if (_chain.TipHash != before)
                    {
                        previous = _tipMoved;
                        _tipMoved = new CancellationTokenSource();
                        Volatile.Write(ref _tipMovedAt, Stopwatch.GetTimestamp());
                    }
                }
            }
        }
        finally
        {
            // Outside the lock: cancellation runs the searches' callbacks. Not disposed: they may still hold its token.
            previous?.Cancel();
        }
    }
}
