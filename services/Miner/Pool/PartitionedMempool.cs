using AspireChain.Ledger;

namespace AspireChain.Miner.Pool;

/// <summary>
/// The miner's mempool: exactly the transactions of the <c>transactions</c> partitions assigned to it. It pairs the
/// Ledger's <see cref="Ledger.Mempool"/> (fee and nonce order) with, per partition, the offsets read in order, because a
/// partition's offset may be committed only up to the first transaction not yet confirmed or rejected (DESIGN rule 4):
/// whoever owns the partition next re-reads everything unsettled. Thread-safe.
/// </summary>
internal sealed class PartitionedMempool
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, PartitionLog> _partitions = [];
    // Everything read and not yet settled, including transactions about to be published as rejected.
    private readonly Dictionary<Hash256, PendingTransaction> _unsettled = [];
    // Flow control lives in the feed (it pauses partitions), so the Ledger pool never needs to evict.
    private readonly Ledger.Mempool _selectable = new(int.MaxValue);

    /// <summary>Transactions read and not yet settled.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _unsettled.Count;
            }
        }
    }

    /// <summary>Transactions a template may include (the unsettled minus those awaiting a rejection).</summary>
    public int SelectableCount
    {
        get
        {
            lock (_gate)
            {
                return _selectable.Count;
            }
        }
    }

    /// <summary>The partitions currently owned.</summary>
    public IReadOnlyList<int> Partitions
    {
        get
        {
            lock (_gate)
            {
                return [.. _partitions.Keys.Order()];
            }
        }
    }

    /// <summary>Starts owning <paramref name="partition"/>.</summary>
    public void Assign(int partition)
    {
        lock (_gate)
        {
            _partitions.TryAdd(partition, new PartitionLog());
        }
    }

    /// <summary>Stops owning <paramref name="partition"/> and forgets its transactions: their next owner re-reads them.</summary>
    public void Revoke(int partition)
    {
        lock (_gate)
        {
            if (!_partitions.Remove(partition, out var log))
            {
                return;
            }

            foreach (var (_, id) in log.Entries)
            {
                if (id is { } txId && _unsettled.TryGetValue(txId, out var pending) && pending.Partition == partition)
                {
                    _unsettled.Remove(txId);
                    _selectable.Remove(txId);
                }
            }
        }
    }

    /// <summary>
    /// Records the message at <paramref name="offset"/>: with nothing to wait for (unreadable, already confirmed, a
    /// duplicate) the offset is settled at once; otherwise the transaction is admitted. The result says whether the
    /// caller must publish a rejection (and then <see cref="Settle"/>): the transaction itself when its nonce is taken,
    /// or the lower-fee one it replaced. False when the partition is no longer owned.
    /// </summary>
    /// <param name="partition">The partition read.</param>
    /// <param name="offset">The message offset.</param>
    /// <param name="transaction">The transaction, or null when the message leaves nothing to wait for.</param>
    /// <param name="selectable">False for a transaction already known to be doomed: tracked until its rejection is acknowledged, never mined.</param>
    /// <param name="admission">What admission did.</param>
    public bool Record(int partition, long offset, PendingTransaction? transaction, bool selectable, out Admission admission)
    {
        admission = new Admission(MempoolAdmission.Duplicate, null);
        lock (_gate)
        {
            if (!_partitions.TryGetValue(partition, out var log))
            {
                return false;
            }

            Hash256? id = null;
            if (transaction is not null && !selectable && _unsettled.TryAdd(transaction.Transaction.Id, transaction))
            {
                id = transaction.Transaction.Id;
            }
            else if (transaction is not null && selectable && !_unsettled.ContainsKey(transaction.Transaction.Id))
            {
                var added = _selectable.TryAdd(transaction.Transaction);
                admission = added.Admission switch
                {
                    MempoolAdmission.Replaced when added.Displaced is { } displaced && _unsettled.TryGetValue(displaced.Id, out var loser) =>
                        new Admission(added.Admission, loser),
                    MempoolAdmission.NonceTaken => new Admission(added.Admission, transaction),
                    _ => new Admission(added.Admission, null),
                };
                if (added.Accepted || added.Admission == MempoolAdmission.NonceTaken)
                {
                    _unsettled[transaction.Transaction.Id] = transaction;
                    id = transaction.Transaction.Id;
                }
            }

            log.Entries.Enqueue((offset, id));
            log.NextOffset = Math.Max(log.NextOffset, offset + 1);
            return true;
        }
    }

    /// <summary>Settles transactions (confirmed in a block, or their rejection acknowledged); returns how many were unsettled here.</summary>
    public int Settle(IEnumerable<Hash256> ids)
    {
        var settled = 0;
        lock (_gate)
        {
            foreach (var id in ids)
            {
                _selectable.Remove(id);
                if (_unsettled.Remove(id))
                {
                    settled++;
                }
            }
        }

        return settled;
    }

    /// <summary>
    /// Drops what <paramref name="block"/> confirmed; returns the transactions it made impossible (same sender and nonce,
    /// another id: a double spend that lost), which the caller publishes as rejected.
    /// </summary>
    public IReadOnlyList<PendingTransaction> Confirm(Block block, Func<Address, ulong> nextNonce)
    {
        lock (_gate)
        {
            var confirmed = block.Transactions.Select(t => t.Id).ToHashSet();
            var superseded = new List<PendingTransaction>();
            foreach (var removed in _selectable.RemoveIncluded(block, nextNonce))
            {
                if (!confirmed.Contains(removed.Id) && _unsettled.TryGetValue(removed.Id, out var pending))
                {
                    superseded.Add(pending);
                }
            }

            foreach (var id in confirmed)
            {
                _unsettled.Remove(id);
            }

            return superseded;
        }
    }

    /// <summary>The next block's transactions in inclusion order (fee order across senders, nonce order within one).</summary>
    public IReadOnlyList<PendingTransaction> SelectForBlock(Func<Address, ulong> nextNonce, int maxCount)
    {
        lock (_gate)
        {
            return _selectable.SelectForBlock(nextNonce, maxCount).Select(t => _unsettled[t.Id]).ToList();
        }
    }

    /// <summary>Minable transactions read before <paramref name="cutoff"/> and still waiting (candidates for gap expiry).</summary>
    public IReadOnlyList<PendingTransaction> WaitingSince(DateTimeOffset cutoff)
    {
        lock (_gate)
        {
            return _unsettled.Values.Where(p => p.ReceivedAt < cutoff && _selectable.Contains(p.Transaction.Id)).ToList();
        }
    }

    /// <summary>The unsettled transaction with this id, if any.</summary>
    public PendingTransaction? Find(Hash256 id)
    {
        lock (_gate)
        {
            return _unsettled.GetValueOrDefault(id);
        }
    }

    /// <summary>
    /// Per owned partition, the offset that may be committed now: the first unsettled transaction's offset, or the next
    /// unread offset when everything read so far is settled. Partitions with nothing read yet are left out.
    /// </summary>
    public IReadOnlyList<(int Partition, long Offset)> CommittableOffsets(IReadOnlyCollection<int>? only = null)
    {
        lock (_gate)
        {
            var result = new List<(int, long)>();
            foreach (var (partition, log) in _partitions)
            {
                if (only is not null && !only.Contains(partition))
                {
                    continue;
                }

                // Settled entries at the head are done with: drop them so the log only holds what still matters.
                while (log.Entries.TryPeek(out var head) && (head.Id is not { } id || !_unsettled.ContainsKey(id)))
                {
                    log.Entries.Dequeue();
                }

                if (log.NextOffset >= 0)
                {
                    result.Add((partition, log.Entries.TryPeek(out var first) ? first.Offset : log.NextOffset));
                }
            }

            return result;
        }
    }

    /// <summary>What admitting a transaction did, and which transaction (if any) must now be published as rejected.</summary>
    public readonly record struct Admission(MempoolAdmission Outcome, PendingTransaction? ToReject);

    private sealed class PartitionLog
    {
        public Queue<(long Offset, Hash256? Id)> Entries { get; } = new();

        public long NextOffset { get; set; } = -1;
    }
}
