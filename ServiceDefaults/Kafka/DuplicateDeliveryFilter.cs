namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>
/// Remembers the last <see cref="Capacity"/> content ids a consumer processed, so redeliveries (retries, replays,
/// rebalances, aborted-transaction records) are recognised and skipped: consumers de-duplicate by content.
/// Thread-safe. Bounded: the oldest id is forgotten first, so pair it with a durable check for old content.
/// </summary>
/// <typeparam name="TId">The content id (a tx id, a (height, hash) pair).</typeparam>
public sealed class DuplicateDeliveryFilter<TId>
    where TId : notnull
{
    private readonly HashSet<TId> _seen;
    private readonly Queue<TId> _order;
    private readonly Lock _gate = new();

    /// <summary>Creates a filter remembering at most <paramref name="capacity"/> ids.</summary>
    public DuplicateDeliveryFilter(int capacity = 100_000, IEqualityComparer<TId>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _seen = new HashSet<TId>(capacity, comparer);
        _order = new Queue<TId>(capacity);
    }

    /// <summary>How many ids are remembered at most.</summary>
    public int Capacity { get; }

    /// <summary>How many ids are remembered now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>How many duplicates were recognised so far.</summary>
    public long DuplicatesSeen { get; private set; }

    /// <summary>True the first time <paramref name="id"/> is offered (process it); false for a duplicate (skip it).</summary>
    public bool TryAccept(TId id)
    {
        lock (_gate)
        {
            if (!_seen.Add(id))
            {
                DuplicatesSeen++;
                return false;
            }

            _order.Enqueue(id);
            if (_order.Count > Capacity)
            {
                _seen.Remove(_order.Dequeue());
            }

            return true;
        }
    }

    /// <summary>Whether <paramref name="id"/> is remembered, without recording it.</summary>
    public bool Contains(TId id)
    {
        lock (_gate)
        {
            return _seen.Contains(id);
        }
    }
}
