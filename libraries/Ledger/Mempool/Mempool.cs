namespace AspireChain.Ledger;

/// <summary>
/// A miner's pending transactions: per-sender nonce order, highest fee first across senders, replace-by-fee for a
/// sender's nonce. Unbounded by design: whoever feeds it bounds it (the miner pauses its partitions when its pool is
/// full). Not thread-safe.
/// </summary>
public sealed class Mempool
{
    private readonly Dictionary<Hash256, Transaction> _byId = [];
    private readonly Dictionary<Address, SortedList<ulong, Transaction>> _bySender = [];

    /// <summary>Pending transactions.</summary>
    public int Count => _byId.Count;

    /// <summary>True when the id is pending.</summary>
    public bool Contains(Hash256 id) => _byId.ContainsKey(id);

    /// <summary>The pending transaction with this id.</summary>
    public Transaction? Get(Hash256 id) => _byId.GetValueOrDefault(id);

    /// <summary>How many transactions <paramref name="sender"/> has pending.</summary>
    public int CountFrom(Address sender) => _bySender.TryGetValue(sender, out var queue) ? queue.Count : 0;

    /// <summary>True when <paramref name="sender"/> has a pending transaction with <paramref name="nonce"/>.</summary>
    public bool HasNonce(Address sender, ulong nonce) => _bySender.TryGetValue(sender, out var queue) && queue.ContainsKey(nonce);

    /// <summary>The pending transaction of <paramref name="sender"/> with <paramref name="nonce"/>, if any.</summary>
    public Transaction? Get(Address sender, ulong nonce) =>
        _bySender.TryGetValue(sender, out var queue) && queue.TryGetValue(nonce, out var transaction) ? transaction : null;

    /// <summary>Every sender with something pending.</summary>
    public IReadOnlyCollection<Address> Senders => _bySender.Keys;

    /// <summary><paramref name="sender"/>'s pending transactions in nonce order.</summary>
    public IReadOnlyList<Transaction> From(Address sender) =>
        _bySender.TryGetValue(sender, out var queue) ? [.. queue.Values] : [];

    /// <summary>Every pending transaction (no particular order).</summary>
    public IEnumerable<Transaction> Transactions => _byId.Values;

    /// <summary>Admits a transfer already checked by <see cref="TransactionValidator"/> (signature verified once, at admission).</summary>
    public MempoolAddResult TryAdd(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.IsCoinbase) throw new ArgumentException("A coinbase never enters the mempool.", nameof(transaction));
        if (_byId.ContainsKey(transaction.Id)) return new(MempoolAdmission.Duplicate, null);

        var sender = transaction.SenderAddress;
        if (_bySender.TryGetValue(sender, out var queue) && queue.TryGetValue(transaction.Nonce, out var existing))
        {
            if (transaction.Fee <= existing.Fee) return new(MempoolAdmission.NonceTaken, null);
            Remove(existing);
            Insert(transaction);
            return new(MempoolAdmission.Replaced, existing);
        }

        Insert(transaction);
        return new(MempoolAdmission.Added, null);
    }

    /// <summary>Removes one transaction by id (e.g. rejected downstream).</summary>
    public bool Remove(Hash256 id) => _byId.TryGetValue(id, out var tx) && Remove(tx);

    /// <summary>
    /// Drops what <paramref name="block"/> included and every pending transaction whose nonce is now below its sender's
    /// next nonce (<paramref name="nextNonce"/>, read from the chain state); returns what was dropped.
    /// </summary>
    public IReadOnlyList<Transaction> RemoveIncluded(Block block, Func<Address, ulong> nextNonce)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(nextNonce);
        var removed = new List<Transaction>();
        var senders = new HashSet<Address>();
        foreach (var tx in block.Transactions)
        {
            if (tx.IsCoinbase) continue;
            senders.Add(tx.SenderAddress);
            if (_byId.TryGetValue(tx.Id, out var pending) && Remove(pending)) removed.Add(pending);
        }
        foreach (var sender in senders)
        {
            if (!_bySender.TryGetValue(sender, out var queue)) continue;
            var next = nextNonce(sender);
            while (queue.Count > 0 && queue.Keys[0] < next)
            {
                var stale = queue.Values[0];
                Remove(stale);
                removed.Add(stale);
            }
        }
        return removed;
    }

    /// <summary>
    /// Transactions for the next block in inclusion order: at each step the highest-fee transaction among every sender's
    /// next executable nonce, so each sender's transactions stay in nonce order with no gaps.
    /// </summary>
    public IEnumerable<Transaction> SelectForBlock(Func<Address, ulong> nextNonce, int maxCount)
    {
        ArgumentNullException.ThrowIfNull(nextNonce);
        var heads = new PriorityQueue<(Transaction Tx, SortedList<ulong, Transaction> Queue, int Index), (ulong, Hash256)>(ByFeeThenId.Instance);
        foreach (var (sender, queue) in _bySender)
        {
            var index = queue.IndexOfKey(nextNonce(sender));
            if (index >= 0) heads.Enqueue((queue.Values[index], queue, index), (queue.Values[index].Fee, queue.Values[index].Id));
        }
        var taken = 0;
        while (taken < maxCount && heads.TryDequeue(out var head, out _))
        {
            taken++;
            yield return head.Tx;
            var nextIndex = head.Index + 1;
            if (nextIndex < head.Queue.Count && head.Queue.Keys[nextIndex] == head.Tx.Nonce + 1)
            {
                var tx = head.Queue.Values[nextIndex];
                heads.Enqueue((tx, head.Queue, nextIndex), (tx.Fee, tx.Id));
            }
        }
    }

    private void Insert(Transaction transaction)
    {
        _byId.Add(transaction.Id, transaction);
        if (!_bySender.TryGetValue(transaction.SenderAddress, out var queue))
            _bySender[transaction.SenderAddress] = queue = [];
        queue.Add(transaction.Nonce, transaction);
    }

    private bool Remove(Transaction transaction)
    {
        if (!_byId.Remove(transaction.Id)) return false;
        var queue = _bySender[transaction.SenderAddress];
        queue.Remove(transaction.Nonce);
        if (queue.Count == 0) _bySender.Remove(transaction.SenderAddress);
        return true;
    }

    // Highest fee first; ties by id so selection is deterministic.
    private sealed class ByFeeThenId : IComparer<(ulong Fee, Hash256 Id)>
    {
        public static readonly ByFeeThenId Instance = new();

        public int Compare((ulong Fee, Hash256 Id) x, (ulong Fee, Hash256 Id) y)
        {
            var byFee = y.Fee.CompareTo(x.Fee);
            return byFee != 0 ? byFee : x.Id.CompareTo(y.Id);
        }
    }
}
