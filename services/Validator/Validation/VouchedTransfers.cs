using AspireChain.Ledger;

namespace AspireChain.Validator.Validation;

/// <summary>
/// The transfers ingest vouched for to the validators (their signatures verified at ingest), remembered by id so a
/// candidate carrying them needs no second ECDSA verification. Bounded: past <paramref name="capacity"/> the oldest are
/// forgotten, and a forgotten or never-seen transfer is simply verified in full.
/// </summary>
/// <param name="capacity">How many ids to remember.</param>
internal sealed class VouchedTransfers(int capacity) : IVerifiedSignatures
{
    private readonly Lock _gate = new();
    private readonly HashSet<Hash256> _ids = new(Math.Min(capacity, 1 << 16));
    private readonly Queue<Hash256> _arrival = new();

    /// <summary>Ids remembered now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _ids.Count;
            }
        }
    }

    /// <summary>Remembers <paramref name="id"/>, forgetting the oldest when full.</summary>
    public void Add(Hash256 id)
    {
        lock (_gate)
        {
            if (!_ids.Add(id)) return;
            _arrival.Enqueue(id);
            if (_arrival.Count > capacity)
            {
                _ids.Remove(_arrival.Dequeue());
            }
        }
    }

    /// <inheritdoc />
    public bool Contains(Hash256 id)
    {
        lock (_gate)
        {
            return _ids.Contains(id);
        }
    }
}
