namespace AspireChain.Ledger;

/// <summary>
/// Transfer ids whose signature this process verified itself, so a block that carries them again (a candidate judged a
/// second time after another was refused) is not verified twice. Only the Ledger's own verification adds to it: nothing
/// another service says can enter. Bounded: past its capacity the oldest are forgotten and verified again if seen.
/// Thread-safe.
/// </summary>
public sealed class VerifiedSignatures
{
    private readonly Lock _gate = new();
    private readonly HashSet<Hash256> _ids;
    private readonly Queue<Hash256> _arrival = new();
    private readonly int _capacity;
    private long _verified;
    private long _remembered;

    /// <summary>Remembers at most <paramref name="capacity"/> ids (32 bytes each plus the set's overhead).</summary>
    public VerifiedSignatures(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _ids = new HashSet<Hash256>(Math.Min(capacity, 1 << 16));
    }

    /// <summary>Signatures verified (ECDSA) so far.</summary>
    public long Verified => Interlocked.Read(ref _verified);

    /// <summary>Signatures found already verified here, so not verified again.</summary>
    public long Remembered => Interlocked.Read(ref _remembered);

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

    internal bool Contains(Hash256 id)
    {
        lock (_gate)
        {
            return _ids.Contains(id);
        }
    }

    internal void Record(long verified, long remembered)
    {
        Interlocked.Add(ref _verified, verified);
        Interlocked.Add(ref _remembered, remembered);
    }

    // Only after this process verified the signature (BlockValidator.VerifySignatures).
    internal void Add(IReadOnlyList<Transaction> transactions, bool[] passed, out int added)
    {
        added = 0;
        lock (_gate)
        {
            for (var i = 0; i < passed.Length; i++)
            {
                if (!passed[i]) continue;
                added++;
                var id = transactions[i].Id;
                if (!_ids.Add(id)) continue;
                _arrival.Enqueue(id);
                if (_arrival.Count > _capacity) _ids.Remove(_arrival.Dequeue());
            }
        }
    }
}
