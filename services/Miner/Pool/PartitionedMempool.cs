using AspireChain.Ledger;

namespace AspireChain.Miner.Pool;

/// <summary>
/// The miner's mempool: exactly the transactions of the <c>transactions</c> partitions assigned to it. It pairs the
/// Ledger's <see cref="Ledger.Mempool"/> (fee and nonce order) with, per partition, the offsets read in order, because a
/// partition's offset may be committed only up to the first transaction not yet confirmed or rejected: whoever owns the
/// partition next re-reads everything unsettled. Transactions their sender cannot pay yet are held out of templates,
/// and refused ones wait only for their rejection's acknowledgement. Not thread-safe: its one owner,
/// the miner's <c>MinerState</c>, serialises every call.
/// </summary>
internal sealed class PartitionedMempool
{
    private readonly Dictionary<int, PartitionLog> _partitions = [];
    // Everything read and not yet settled: selectable, held and doomed.
    private readonly Dictionary<Hash256, PendingTransaction> _unsettled = [];
    private readonly Dictionary<Hash256, PendingTransaction> _held = [];
    private readonly Dictionary<Address, int> _heldBySender = [];
    // Unsettled transactions whose rejection is queued or in flight: never queued twice.
    private readonly HashSet<Hash256> _rejecting = [];
    // Flow control lives in the feed (it pauses partitions), so the Ledger pool needs no bound of its own.
    private readonly Ledger.Mempool _selectable = new();

    /// <summary>Transactions read and not yet settled.</summary>
    public int Count => _unsettled.Count;

    /// <summary>Transactions a template may include.</summary>
    public int SelectableCount => _selectable.Count;

    /// <summary>Transactions held back until their sender can pay them.</summary>
    public int HeldCount => _held.Count;

    /// <summary>The partitions currently owned.</summary>
    public IReadOnlyList<int> Partitions => [.. _partitions.Keys.Order()];

    /// <summary>Starts owning <paramref name="partition"/>.</summary>
    public void Assign(int partition) => _partitions.TryAdd(partition, new PartitionLog());

    /// <summary>Stops owning <paramref name="partition"/> and forgets its transactions: their next owner re-reads them.</summary>
    public void Revoke(int partition)
    {
        if (!_partitions.Remove(partition, out var log))
        {
            return;
        }

        foreach (var (_, id) in log.Entries)
        {
            if (id is { } txId && _unsettled.TryGetValue(txId, out var pending) && pending.Partition == partition)
            {
                Forget(txId);
            }
        }
    }

    /// <summary>
    /// Records an offset with nothing to wait for (unreadable, already confirmed): it never holds the commit position
    /// back. False when the partition is no longer owned.
    /// </summary>
    public bool Skip(int partition, long offset) => Log(partition, offset, null);

    /// <summary>
    /// Records a transaction that is refused: unsettled (its offset waits) until its rejection is acknowledged, never
    /// selectable. False when its partition is no longer owned.
    /// </summary>
    public bool Track(PendingTransaction pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        return _partitions.ContainsKey(pending.Partition) && Log(pending.Partition, pending.Offset, Unsettle(pending));
    }

    /// <summary>
    /// Records a transaction its sender cannot pay yet: held out of templates until <see cref="Release"/>. False when
    /// its partition is no longer owned.
    /// </summary>
    public bool Hold(PendingTransaction pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        if (!_partitions.ContainsKey(pending.Partition))
        {
            return false;
        }

        var id = Unsettle(pending);
        if (id is not null)
        {
            AddHeld(pending);
        }

        return Log(pending.Partition, pending.Offset, id);
    }

    /// <summary>
    /// Records a payable transaction into the templates' reach. The admission says which transaction, if any, must now be
    /// published as rejected: this one when its nonce is taken, or the lower-fee one it replaced. Null when its partition
    /// is no longer owned.
    /// </summary>
    public Admission? Add(PendingTransaction pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        if (!_partitions.ContainsKey(pending.Partition))
        {
            return null;
        }

        var admission = new Admission(MempoolAdmission.Duplicate, null);
        Hash256? id = null;
        if (!_unsettled.ContainsKey(pending.Transaction.Id))
        {
            admission = AddSelectable(pending);
            if (admission.Outcome is MempoolAdmission.Added or MempoolAdmission.Replaced or MempoolAdmission.NonceTaken)
            {
                _unsettled[pending.Transaction.Id] = pending;
                id = pending.Transaction.Id;
            }
        }

        Log(pending.Partition, pending.Offset, id);
        return admission;
    }

    /// <summary>Moves a held transaction into the templates' reach (its sender can pay now); the admission says what to reject, if anything.</summary>
    public Admission Release(Hash256 id)
    {
        if (!_held.Remove(id, out var pending))
        {
            return new Admission(MempoolAdmission.Duplicate, null);
        }

        Unhold(pending);
        return AddSelectable(pending);
    }

    /// <summary>
    /// Takes a transaction out of the templates' reach while its rejection is being published; false when it is not
    /// unsettled here, or its rejection is already under way.
    /// </summary>
    public bool Doom(Hash256 id)
    {
        if (!_unsettled.ContainsKey(id) || !_rejecting.Add(id))
        {
            return false;
        }

        _selectable.Remove(id);
        if (_held.Remove(id, out var pending))
        {
            Unhold(pending);
        }

        return true;
    }

    /// <summary>Settles transactions (confirmed in a block, or their rejection acknowledged); returns how many were unsettled here.</summary>
    public int Settle(IEnumerable<Hash256> ids)
    {
        var settled = 0;
        foreach (var id in ids)
        {
            if (Forget(id))
            {
                settled++;
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
        var confirmed = block.Transactions.Select(t => t.Id).ToHashSet();
        var superseded = new List<PendingTransaction>();
        foreach (var removed in _selectable.RemoveIncluded(block, nextNonce))
        {
            if (!confirmed.Contains(removed.Id) && _unsettled.TryGetValue(removed.Id, out var pending))
            {
                superseded.Add(pending);
            }
        }

        var senders = block.Transactions.Where(t => !t.IsCoinbase).Select(t => t.SenderAddress).ToHashSet();
        foreach (var held in _held.Values.Where(p => !confirmed.Contains(p.Transaction.Id) && senders.Contains(p.Transaction.SenderAddress)).ToList())
        {
            if (held.Transaction.Nonce < nextNonce(held.Transaction.SenderAddress))
            {
                superseded.Add(held);
            }
        }

        foreach (var id in confirmed)
        {
            Forget(id);
        }

        return superseded;
    }

    /// <summary>
    /// The next block's candidates in inclusion order (fee order across senders, nonce order within one), up to
    /// <paramref name="maxCount"/>: a template takes what applies and backfills past what does not.
    /// </summary>
    public IReadOnlyList<PendingTransaction> SelectForBlock(Func<Address, ulong> nextNonce, int maxCount)
    {
        return _selectable.SelectForBlock(nextNonce, maxCount).Select(t => _unsettled[t.Id]).ToList();
    }

    /// <summary>How many transactions <paramref name="sender"/> has selectable or held here.</summary>
    public int PendingFrom(Address sender)
    {
        return _selectable.CountFrom(sender) + _heldBySender.GetValueOrDefault(sender);
    }

    /// <summary>True when <paramref name="sender"/> has a selectable transaction with <paramref name="nonce"/> (a replacement, not one more).</summary>
    public bool HasNonce(Address sender, ulong nonce)
    {
        return _selectable.HasNonce(sender, nonce);
    }

    /// <summary>The selectable transaction of <paramref name="sender"/> with <paramref name="nonce"/>, if any (the one a newcomer would compete with).</summary>
    public PendingTransaction? FindByNonce(Address sender, ulong nonce) =>
        _selectable.Get(sender, nonce) is { } transaction ? _unsettled.GetValueOrDefault(transaction.Id) : null;

    /// <summary>The held transactions (a snapshot).</summary>
    public IReadOnlyList<PendingTransaction> Held()
    {
        return [.. _held.Values];
    }

    /// <summary>
    /// Selectable transactions read before <paramref name="receivedBefore"/> that their sender cannot pay together with
    /// every pending transaction before them (balance below the running cost from the account's next nonce on).
    /// </summary>
    public IReadOnlyList<(PendingTransaction Pending, ulong Cost, ulong Balance)> Unpayable(Func<Address, Account> account, DateTimeOffset receivedBefore)
    {
        var unpayable = new List<(PendingTransaction, ulong, ulong)>();
        foreach (var sender in _selectable.Senders)
        {
            var state = account(sender);
            ulong cost = 0;
            foreach (var tx in _selectable.From(sender))
            {
                if (tx.Nonce < state.Nonce)
                {
                    continue;
                }

                var each = tx.Amount + tx.Fee < tx.Amount ? ulong.MaxValue : tx.Amount + tx.Fee;
                cost = cost + each < cost ? ulong.MaxValue : cost + each;
                if (cost > state.Balance && _unsettled.TryGetValue(tx.Id, out var pending) && pending.ReceivedAt < receivedBefore)
                {
                    unpayable.Add((pending, cost, state.Balance));
                }
            }
        }

        return unpayable;
    }

    /// <summary>
    /// Every sender whose pending transactions stop at a missing nonce: the first nonce from the account's next one on
    /// that nothing here holds, and the transactions behind it. A sender whose nonces run on without a hole is a queue
    /// (a backlog waiting for blocks), never a gap, however long it waits.
    /// </summary>
    public IReadOnlyList<NonceGap> Gaps(Func<Address, ulong> nextNonce)
    {
        var gaps = new List<NonceGap>();
        foreach (var sender in _selectable.Senders)
        {
            var expected = nextNonce(sender);
            List<PendingTransaction>? behind = null;
            ulong missing = 0;
            foreach (var tx in _selectable.From(sender))
            {
                if (tx.Nonce < expected && behind is null)
                {
                    continue; // Confirmed meanwhile: settled by the block that used it.
                }

                if (behind is null && tx.Nonce == expected)
                {
                    expected++;
                    continue;
                }

                if (behind is null)
                {
                    missing = expected;
                    behind = [];
                }

                if (_unsettled.TryGetValue(tx.Id, out var pending))
                {
                    behind.Add(pending);
                }
            }

            if (behind is { Count: > 0 })
            {
                gaps.Add(new NonceGap(sender, missing, behind));
            }
        }

        return gaps;
    }

    /// <summary>
    /// When the oldest transaction a template may include was read, or null when there is none: how long this replica
    /// has kept a sender waiting. Per partition the first selectable entry in offset order is its oldest.
    /// </summary>
    public DateTimeOffset? OldestSelectableReadAt()
    {
        DateTimeOffset? oldest = null;
        foreach (var log in _partitions.Values)
        {
            DropSettledHead(log);
            foreach (var (_, id) in log.Entries)
            {
                if (id is { } txId && _selectable.Contains(txId) && _unsettled.TryGetValue(txId, out var pending))
                {
                    oldest = oldest is { } o && o <= pending.ReceivedAt ? o : pending.ReceivedAt;
                    break;
                }
            }
        }

        return oldest;
    }

    /// <summary>The unsettled transaction with this id, if any.</summary>
    public PendingTransaction? Find(Hash256 id)
    {
        return _unsettled.GetValueOrDefault(id);
    }

    /// <summary>
    /// Per owned partition, the offset that may be committed now: the first unsettled transaction's offset, or the next
    /// unread offset when everything read so far is settled. Partitions with nothing read yet are left out.
    /// </summary>
    public IReadOnlyList<(int Partition, long Offset)> CommittableOffsets(IReadOnlyCollection<int>? only = null)
    {
        var result = new List<(int, long)>();
        foreach (var (partition, log) in _partitions)
        {
            if (only is not null && !only.Contains(partition))
            {
                continue;
            }

            DropSettledHead(log);

            if (log.NextOffset >= 0)
            {
                result.Add((partition, log.Entries.TryPeek(out var first) ? first.Offset : log.NextOffset));
            }
        }

        return result;
    }

    // Settled entries at the head are done with: drop them so the log only holds what still matters.
    private void DropSettledHead(PartitionLog log)
    {
        while (log.Entries.TryPeek(out var head) && (head.Id is not { } id || !_unsettled.ContainsKey(id)))
        {
            log.Entries.Dequeue();
        }
    }

    // Unsettles a transaction not yet unsettled here; null for a duplicate (its offset then waits for nothing).
    private Hash256? Unsettle(PendingTransaction pending)
    {
        if (!_unsettled.TryAdd(pending.Transaction.Id, pending))
        {
            return null;
        }

        return pending.Transaction.Id;
    }

    private bool Log(int partition, long offset, Hash256? id)
    {
        if (!_partitions.TryGetValue(partition, out var log))
        {
            return false;
        }

        log.Entries.Enqueue((offset, id));
        log.NextOffset = Math.Max(log.NextOffset, offset + 1);
        return true;
    }

    private Admission AddSelectable(PendingTransaction transaction)
    {
        var added = _selectable.TryAdd(transaction.Transaction);
        return added.Admission switch
        {
            MempoolAdmission.Replaced when added.Displaced is { } displaced && _unsettled.TryGetValue(displaced.Id, out var loser) =>
                new Admission(added.Admission, loser),
            MempoolAdmission.NonceTaken => new Admission(added.Admission, transaction),
            _ => new Admission(added.Admission, null),
        };
    }

    private void AddHeld(PendingTransaction pending)
    {
        _held[pending.Transaction.Id] = pending;
        var sender = pending.Transaction.SenderAddress;
        _heldBySender[sender] = _heldBySender.GetValueOrDefault(sender) + 1;
    }

    private void Unhold(PendingTransaction pending)
    {
        var sender = pending.Transaction.SenderAddress;
        if (_heldBySender.TryGetValue(sender, out var count) && count > 1)
        {
            _heldBySender[sender] = count - 1;
        }
        else
        {
            _heldBySender.Remove(sender);
        }
    }

    private bool Forget(Hash256 id)
    {
        _rejecting.Remove(id);
        _selectable.Remove(id);
        if (_held.Remove(id, out var held))
        {
            Unhold(held);
        }

        return _unsettled.Remove(id);
    }

    /// <summary>What admitting a transaction did, and which transaction (if any) must now be published as rejected.</summary>
    public sealed record Admission(MempoolAdmission Outcome, PendingTransaction? ToReject);

    private sealed class PartitionLog
    {
        public Queue<(long Offset, Hash256? Id)> Entries { get; } = new();

        public long NextOffset { get; set; } = -1;
    }
}
