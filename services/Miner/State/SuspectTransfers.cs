using AspireChain.Ledger;

namespace AspireChain.Miner.State;

/// <summary>
/// Transfer ids a verdict named: this miner verifies their signature itself before admitting them again, whatever
/// ingest's tag says. Bounded (the oldest forgotten first), since anyone who reaches the broker can name ids. Not
/// thread-safe: its owner, the <see cref="MinerState"/>, serialises every call.
/// </summary>
internal sealed class SuspectTransfers(int capacity)
{
    private readonly HashSet<Hash256> _ids = [];
    private readonly Queue<Hash256> _arrival = new();

    /// <summary>Whether <paramref name="id"/> was named.</summary>
    public bool Contains(Hash256 id) => _ids.Contains(id);

    /// <summary>Remembers <paramref name="id"/>, forgetting the oldest past the capacity.</summary>
    public void Add(Hash256 id)
    {
        if (!_ids.Add(id))
        {
            return;
        }

        _arrival.Enqueue(id);
        if (_arrival.Count > capacity)
        {
            _ids.Remove(_arrival.Dequeue());
        }
    }
}
