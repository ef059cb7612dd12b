using System.Diagnostics;
using AspireChain.Following;
using AspireChain.Ledger;
using AspireChain.Miner.Options;
using AspireChain.Miner.Pool;
using Microsoft.Extensions.Options;
using AspireChain.Miner.Identity;

namespace AspireChain.Miner.State;

/// <summary>
/// The one owner of what a miner works on: its mempool (the owned <c>transactions</c> partitions and their commit
/// positions), the candidates it published and its view of the chain followed from <c>blocks</c>. Every decision about
/// a transaction (admit, hold, release, refuse, settle) and every template is made here; the Kafka and HTTP adapters
/// around it only carry records in and rejections, candidates and offsets out.
/// </summary>
internal sealed class MinerState(FollowedChain chain, IOptions<MinerOptions> options)
{
    // One lock: the feed, the follower, the mining loop, the sweep, the outbox's delivery reports and HTTP all call in.
    // It is held for bookkeeping only, never across the broker, a signature check or proof of work; it may take the
    // chain's own lock inside it, never the other way round (the follower calls Settle after releasing the chain).
    private readonly Lock _gate = new();
    private readonly PartitionedMempool _pool = new();
    private readonly PublishedCandidates _published = new();
    private readonly MinerOptions _options = options.Value;
    private readonly Address _reward = MinerIdentity.RewardAddress(options.Value);
    // Transfers a verdict named: admitted only after this miner verifies them itself, whatever ingest's tag says.
    private readonly SuspectTransfers _suspects = new(SuspectCapacity);
    // Transfers a verdict on our own candidate named that pass our own checks: left out of templates on that parent,
    // so the same refused content is never published twice (a disagreement with the Validator costs one block, once).
    private readonly Dictionary<Hash256, HashSet<Hash256>> _deferredByParent = [];
    // (parent, Merkle root) of our candidates refused for their body: a template repeating one is cut in half instead.
    private readonly HashSet<(Hash256 Parent, Hash256 Root)> _refusedContent = [];
    private Dictionary<(Address Sender, ulong Missing), DateTimeOffset> _gapSince = [];
    private int _cutLimit = int.MaxValue;
    private bool _joinedGroup;

    private const int SuspectCapacity = 100_000;

    /// <summary>The followed chain's tip, height and hash read together.</summary>
    public (ulong Height, Hash256 Hash) Tip => chain.Tip;

    /// <summary>Cancelled when the tip next moves: a running nonce search stops at once.</summary>
    public CancellationToken TipMoved => chain.TipMoved;

    /// <summary>Time since the tip last moved (a block is cut <see cref="MinerOptions.MaxWait"/> after it).</summary>
    public TimeSpan TipAge => chain.TipAge;

    /// <summary>Transactions read and not yet settled (confirmed or their rejection acknowledged).</summary>
    public int Unsettled
    {
        get
        {
            lock (_gate)
            {
                return _pool.Count;
            }
        }
    }

    /// <summary>Transactions a template may include now.</summary>
    public int Minable
    {
        get
        {
            lock (_gate)
            {
                return _pool.SelectableCount;
            }
        }
    }

    /// <summary>How long the oldest transaction a template may include has waited at <paramref name="now"/> (zero when there is none).</summary>
    public TimeSpan OldestWaiting(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _pool.OldestSelectableReadAt() is { } readAt && readAt < now ? now - readAt : TimeSpan.Zero;
        }
    }

    /// <summary>Transactions held back until their sender can pay them.</summary>
    public int Held
    {
        get
        {
            lock (_gate)
            {
                return _pool.HeldCount;
            }
        }
    }

    /// <summary>The <c>transactions</c> partitions currently owned.</summary>
    public IReadOnlyList<int> Partitions
    {
        get
        {
            lock (_gate)
            {
                return _pool.Partitions;
            }
        }
    }

    /// <summary>
    /// The owned <c>transactions</c> partitions, or null until the miners' group has given this miner its first
    /// assignment (an empty one counts, when there are more miners than partitions): before that it cannot mine any
    /// transfer, so it is not ready. Read in one lock, so the two never disagree.
    /// </summary>
    public IReadOnlyList<int>? Assignment
    {
        get
        {
            lock (_gate)
            {
                return _joinedGroup ? _pool.Partitions : null;
            }
        }
    }

    /// <summary>Starts owning these <c>transactions</c> partitions.</summary>
    public void PartitionsAssigned(IEnumerable<int> partitions)
    {
        lock (_gate)
        {
            _joinedGroup = true;
            foreach (var partition in partitions)
            {
                _pool.Assign(partition);
            }
        }
    }

    /// <summary>Stops owning these partitions (revoked or lost) and forgets their transactions: their next owner re-reads them.</summary>
    public void PartitionsRevoked(IEnumerable<int> partitions)
    {
        lock (_gate)
        {
            foreach (var partition in partitions)
            {
                _pool.Revoke(partition);
            }
        }
    }

    /// <summary>
    /// Per owned partition (or only those in <paramref name="only"/>), the offset that may be committed now: the first
    /// transaction not yet confirmed or rejected, else the next unread offset.
    /// </summary>
    public IReadOnlyList<(int Partition, long Offset)> CommittableOffsets(IReadOnlyCollection<int>? only = null)
    {
        lock (_gate)
        {
            return _pool.CommittableOffsets(only);
        }
    }

    /// <summary>An unreadable record: nothing can be mined or rejected by id, so its offset must only not hold the partition back.</summary>
    public void Skip(int partition, long offset)
    {
        lock (_gate)
        {
            _pool.Skip(partition, offset);
        }
    }

    /// <summary>
    /// Admits a transaction read at its partition and offset. Refused at once (and to be rejected) is what can never be
    /// mined here: a used nonce, a nonce more than <see cref="MinerOptions.NonceWindow"/> ahead, a sender with
    /// <see cref="MinerOptions.MaxPendingPerSender"/> pending, an overflow or a bad signature. A transfer its sender
    /// cannot pay on this chain yet is held out of templates; a payable one may displace, or lose to, another with the
    /// same sender and nonce. Already confirmed or a late record of a revoked partition: nothing to do. The signature is
    /// not verified again when <paramref name="signatureAttested"/> (ingest's <c>TransferAttestation</c> attests it).
    /// </summary>
    public AdmissionOutcome Admit(PendingTransaction pending, bool signatureAttested = false)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var transaction = pending.Transaction;
        Account account;
        ValidationResult? refusal;
        PendingTransaction? incumbent;
        bool verifyHere;
        lock (_gate)
        {
            // Cheapest checks first.
            (var confirmed, account) = chain.Read(c => (c.ContainsRecentTransaction(transaction.Id), c.GetAccount(transaction.SenderAddress)));
            if (confirmed)
            {
                _pool.Skip(pending.Partition, pending.Offset);
                return new AdmissionOutcome(null, [], false);
            }

            refusal = Refusal(transaction, account);
            // Ingest's word saves the verification only while nothing else rides on it: a transfer a verdict named, or one
            // that would displace (or be displaced by) another with its sender and nonce, is verified here, and so is its rival.
            incumbent = _pool.FindByNonce(transaction.SenderAddress, transaction.Nonce);
            verifyHere = !signatureAttested || incumbent is not null || _suspects.Contains(transaction.Id);
            if (incumbent is { SignatureVerified: true } || incumbent?.Transaction.Id == transaction.Id)
            {
                incumbent = null;
            }
        }

        // Signatures are verified outside the lock (the costliest check), once, so templates never re-verify them.
        var verdict = refusal ?? Stateless(transaction, verifySignature: verifyHere);
        var incumbentForged = incumbent is not null && !incumbent.Transaction.VerifySignature();
        var rejections = new List<PendingRejection>();
        lock (_gate)
        {
            if (incumbent is not null)
            {
                if (incumbentForged)
                {
                    Refuse(incumbent, ValidationResult.Fail(RejectReason.BadSignature, "signature does not verify (or is high-S)", incumbent.Transaction.Id), rejections);
                }
                else
                {
                    incumbent.SignatureVerified = true;
                }
            }

            if (!verdict.IsValid)
            {
                if (_pool.Track(pending))
                {
                    Refuse(pending, verdict, rejections);
                }

                return new AdmissionOutcome(verdict.Code, rejections, false);
            }

            pending.SignatureVerified = verifyHere;
            // Unpayable on this miner's chain: held out of templates until the funding block arrives or the grace ends.
            if (account.Balance >= transaction.Amount + transaction.Fee)
            {
                if (_pool.Add(pending) is not { } admission)
                {
                    return new AdmissionOutcome(null, rejections, false);
                }

                if (admission.ToReject is { } loser)
                {
                    var reason = admission.Outcome == MempoolAdmission.Replaced
                        ? $"replaced by {transaction.Id} with a higher fee for the same nonce"
                        : "another pending transaction holds this nonce with at least this fee";
                    Refuse(loser, ValidationResult.Fail(RejectReason.BadNonce, reason), rejections);
                }
            }
            else if (!_pool.Hold(pending))
            {
                return new AdmissionOutcome(null, rejections, false);
            }

            return new AdmissionOutcome(null, rejections, _pool.SelectableCount >= _options.MaxBlockTransactions);
        }
    }

    /// <summary>
    /// Learns from a verdict on a candidate (read from <c>rejections</c>, which anything reaching the broker can write, so
    /// it is a hint this miner checks for itself): the transfer it names becomes a suspect (verified here before it is
    /// admitted again); when the candidate is one this replica published, every transfer in it that stood on ingest's
    /// word alone is verified now. What fails is refused (<c>bad-signature</c>) and dropped; a named transfer that passes
    /// every check here is still left out of the next template on the same parent, and content refused for its body is
    /// never published again as it was.
    /// </summary>
    public IReadOnlyList<PendingRejection> Verdict(Hash256 candidate, ulong? height, Hash256? named, RejectReason reason)
    {
        var check = new List<PendingTransaction>();
        Block? ours;
        lock (_gate)
        {
            if (named is { } suspect)
            {
                _suspects.Add(suspect);
                if (_pool.Find(suspect) is { SignatureVerified: false } pending)
                {
                    check.Add(pending);
                }
            }

            ours = _published.Find(candidate, height);
            if (ours is not null)
            {
                foreach (var transaction in ours.Transactions.Skip(1))
                {
                    if (_pool.Find(transaction.Id) is { SignatureVerified: false } pending && !check.Contains(pending))
                    {
                        check.Add(pending);
                    }
                }
            }
        }

        if (check.Count == 0 && ours is null)
        {
            return [];
        }

        var forged = new bool[check.Count];
        Parallel.For(0, check.Count, i => forged[i] = !check[i].Transaction.VerifySignature());
        var rejections = new List<PendingRejection>();
        lock (_gate)
        {
            for (var i = 0; i < check.Count; i++)
            {
                if (forged[i])
                {
                    Refuse(check[i], ValidationResult.Fail(RejectReason.BadSignature, "signature does not verify (or is high-S): named by a refused candidate", check[i].Transaction.Id), rejections);
                }
                else
                {
                    check[i].SignatureVerified = true;
                }
            }

            if (ours is not null && IsBodyFault(reason))
            {
                var parent = ours.Header.PreviousHash;
                _refusedContent.Add((parent, ours.Header.MerkleRoot));
                if (named is { } id && _pool.Find(id) is not null && !rejections.Any(r => r.Pending.Transaction.Id == id))
                {
                    if (!_deferredByParent.TryGetValue(parent, out var deferred))
                    {
                        _deferredByParent[parent] = deferred = [];
                    }

                    deferred.Add(id);
                }
            }
        }

        return rejections;
    }

    /// <summary>
    /// Settles an applied block: drops what it confirmed, refuses what it made impossible (same sender and nonce, another
    /// id) and scores this replica's own candidate for its height.
    /// </summary>
    public Settlement Settle(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        lock (_gate)
        {
            var rejections = new List<PendingRejection>();
            foreach (var loser in _pool.Confirm(block, NextNonce))
            {
                Refuse(
                    loser,
                    ValidationResult.Fail(RejectReason.BadNonce, $"nonce {loser.Transaction.Nonce} was used by another transaction in block {block.Height}"),
                    rejections);
            }

            // Deferrals and refused content belong to their parent: once the tip moved on, templates differ anyway.
            _deferredByParent.Clear();
            _refusedContent.Clear();
            return new Settlement(_published.Resolve(block), rejections);
        }
    }

    /// <summary>
    /// Cuts the next block's template at <paramref name="now"/>: the Ledger's template over twice the cut size of the
    /// mempool's selection, stopping at the cut size, so a block backfills past a transfer that turns out not to apply.
    /// Excluded transactions are refused with the Ledger's reason, except one confirmed meanwhile (settled), one behind a
    /// nonce gap (it waits for the sweep) and one unpayable within <see cref="MinerOptions.FundsGrace"/>.
    /// </summary>
    public TemplateCut Template(DateTimeOffset now)
    {
        IReadOnlyList<PendingTransaction> selected;
        int limit;
        lock (_gate)
        {
            limit = Math.Min(Math.Min(_options.MaxBlockTransactions, chain.Network.MaxBlockTransactions - 1), _cutLimit);
            selected = _pool.SelectForBlock(NextNonce, 2 * limit);
            if (_deferredByParent.TryGetValue(chain.TipHash, out var deferred))
            {
                selected = [.. selected.Where(p => !deferred.Contains(p.Transaction.Id))];
            }
        }

        // Applying the selection is the costly part: the chain holds itself still, the mempool stays open meanwhile.
        var template = chain.Read(c => c.CreateTemplate(_reward, selected.Select(p => p.Transaction), now.ToUnixTimeMilliseconds(), limit));
        // Content refused before for its body (and no transfer named to leave out): half of it, until it differs.
        while (template.Block.Transactions.Count > 1 && IsRefused(template.Block))
        {
            var half = (template.Block.Transactions.Count - 1) / 2;
            template = chain.Read(c => c.CreateTemplate(_reward, selected.Select(p => p.Transaction), now.ToUnixTimeMilliseconds(), half));
        }
        var rejections = new List<PendingRejection>();
        lock (_gate)
        {
            foreach (var (transaction, reason) in template.Excluded)
            {
                if (_pool.Find(transaction.Id) is not { } pending)
                {
                    continue;
                }

                switch (reason.Reason)
                {
                    case RejectReason.BadBlockLength:
                        break; // Did not fit: next block.
                    case RejectReason.DuplicateTx:
                        _pool.Settle([transaction.Id]); // Confirmed meanwhile.
                        break;
                    case RejectReason.BadNonce when transaction.Nonce > NextNonce(transaction.SenderAddress):
                        break; // A gap (an earlier nonce was excluded just now): it waits, it is not wrong.
                    case RejectReason.InsufficientFunds when now - pending.ReceivedAt < _options.FundsGrace:
                        break; // The funding block may not have reached this miner yet: look again next round.
                    default:
                        Refuse(pending, reason, rejections);
                        break;
                }
            }
        }

        return new TemplateCut(template.Block, rejections);
    }

    /// <summary>The trace contexts of the transfers in <paramref name="template"/> (coinbase excluded), in block order, for the mining span's links.</summary>
    public IReadOnlyList<ActivityContext> Origins(Block template)
    {
        ArgumentNullException.ThrowIfNull(template);
        lock (_gate)
        {
            var origins = new List<ActivityContext>(template.Transactions.Count);
            foreach (var transaction in template.Transactions.Skip(1))
            {
                if (_pool.Find(transaction.Id) is { TraceContext: { TraceId: var traceId } context } && traceId != default)
                {
                    origins.Add(context);
                }
            }

            return origins;
        }
    }

    /// <summary>Remembers a candidate this replica published, so the block accepted at its height scores it.</summary>
    public void Published(Block candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        lock (_gate)
        {
            _published.Add(candidate);
        }
    }

    /// <summary>
    /// One pass over what waits so junk does not linger: a held transaction whose sender can pay now joins the templates,
    /// one still unpayable after <see cref="MinerOptions.FundsGrace"/> is refused (<c>insufficient-funds</c>), so is a
    /// selectable one its sender cannot pay together with its pending predecessors, and one stuck behind a nonce gap for
    /// <see cref="MinerOptions.MaxGapWait"/> (<c>bad-nonce</c>).
    /// </summary>
    public IReadOnlyList<PendingRejection> Sweep(DateTimeOffset now)
    {
        var rejections = new List<PendingRejection>();
        lock (_gate)
        {
            foreach (var held in _pool.Held())
            {
                var tx = held.Transaction;
                var account = chain.Read(c => c.GetAccount(tx.SenderAddress));
                var cost = tx.Amount + tx.Fee < tx.Amount ? ulong.MaxValue : tx.Amount + tx.Fee;
                if (tx.Nonce < account.Nonce)
                {
                    Refuse(held, ValidationResult.Fail(RejectReason.BadNonce, $"nonce {tx.Nonce} already used (account is at {account.Nonce})"), rejections);
                }
                else if (account.Balance >= cost)
                {
                    if (_pool.Release(tx.Id).ToReject is { } loser)
                    {
                        Refuse(loser, ValidationResult.Fail(RejectReason.BadNonce, "another pending transaction holds this nonce with at least this fee"), rejections);
                    }
                }
                else if (now - held.ReceivedAt >= _options.FundsGrace)
                {
                    Refuse(held, ValidationResult.Fail(RejectReason.InsufficientFunds, $"needs {cost}, balance {account.Balance} (held {_options.FundsGrace.TotalSeconds:0.#} s)"), rejections);
                }
            }

            foreach (var (pending, cost, balance) in _pool.Unpayable(address => chain.Read(c => c.GetAccount(address)), now - _options.FundsGrace))
            {
                Refuse(pending, ValidationResult.Fail(RejectReason.InsufficientFunds, $"needs {cost} with the sender's pending transactions before it, balance {balance}"), rejections);
            }

            // A gap is timed from the sweep that first saw it, not from when its transactions arrived: transfers queued
            // behind their sender's pending ones (a backlog) are not in a gap, and a gap that opens late gets its full wait.
            var seen = new Dictionary<(Address Sender, ulong Missing), DateTimeOffset>();
            foreach (var gap in _pool.Gaps(NextNonce))
            {
                var since = _gapSince.GetValueOrDefault((gap.Sender, gap.Missing), now);
                if (now - since < _options.MaxGapWait)
                {
                    seen[(gap.Sender, gap.Missing)] = since;
                    continue;
                }

                foreach (var pending in gap.Behind)
                {
                    Refuse(pending, ValidationResult.Fail(RejectReason.BadNonce, $"nonce {pending.Transaction.Nonce} waited {_options.MaxGapWait} for nonce {gap.Missing} of its sender"), rejections);
                }
            }

            _gapSince = seen;
        }

        return rejections;
    }

    /// <summary>
    /// A candidate of <paramref name="transfers"/> transfers was larger than the broker takes in one record: later
    /// templates take at most half as many, so the miner goes on mining instead of retrying a block that can never be sent.
    /// </summary>
    /// <returns>The new cut limit.</returns>
    public int CandidateTooLarge(int transfers)
    {
        lock (_gate)
        {
            _cutLimit = Math.Max(1, Math.Min(_cutLimit, transfers) / 2);
            return _cutLimit;
        }
    }

    /// <summary>Whether the transaction is still unsettled here (its rejection still has something to say).</summary>
    public bool IsUnsettled(Hash256 id)
    {
        lock (_gate)
        {
            return _pool.Find(id) is not null;
        }
    }

    /// <summary>Its rejection was acknowledged: the transaction is settled and no longer holds its offset back.</summary>
    public void Rejected(Hash256 id)
    {
        lock (_gate)
        {
            _pool.Settle([id]);
        }
    }

    private ulong NextNonce(Address address) => chain.Read(c => c.GetAccount(address).Nonce);

    private bool IsRefused(Block template)
    {
        lock (_gate)
        {
            return _refusedContent.Contains((template.Header.PreviousHash, template.Header.MerkleRoot));
        }
    }

    // Reasons about the block's body (its transfers, their effect, its coinbase), as opposed to its header or its timing:
    // only those say something about the content a miner would publish again.
    private static bool IsBodyFault(RejectReason reason) => reason is not (RejectReason.Stale or RejectReason.HighHash
        or RejectReason.BadTarget or RejectReason.BadPrevBlock or RejectReason.BadHeight or RejectReason.BadVersion
        or RejectReason.TimeTooOld or RejectReason.TimeTooNew or RejectReason.None);

    // What a miner can refuse on its own from its state: a used nonce, a nonce too far ahead, a sender with too much pending.
    private ValidationResult? Refusal(Transaction transaction, Account account)
    {
        if (transaction.Nonce < account.Nonce)
        {
            return ValidationResult.Fail(RejectReason.BadNonce, $"nonce {transaction.Nonce} already used (account is at {account.Nonce})");
        }

        if (transaction.Nonce - account.Nonce > (ulong)_options.NonceWindow)
        {
            return ValidationResult.Fail(RejectReason.BadNonce, $"nonce {transaction.Nonce} is more than {_options.NonceWindow} ahead of the account's next nonce {account.Nonce}");
        }

        if (_pool.PendingFrom(transaction.SenderAddress) >= _options.MaxPendingPerSender && !_pool.HasNonce(transaction.SenderAddress, transaction.Nonce))
        {
            return ValidationResult.Fail(RejectReason.TooManyPending, $"the sender already has {_options.MaxPendingPerSender} transactions pending");
        }

        return null;
    }

    private ValidationResult Stateless(Transaction transaction, bool verifySignature)
    {
        if (transaction.Amount + transaction.Fee < transaction.Amount)
        {
            return ValidationResult.Fail(RejectReason.AmountOverflow, "amount + fee overflows");
        }

        return TransactionValidator.ValidateStateless(transaction, chain.Network, verifySignature);
    }

    // Takes the transaction out of the templates' reach; only the first refusal of a transaction is published.
    private void Refuse(PendingTransaction pending, ValidationResult reason, List<PendingRejection> rejections)
    {
        if (_pool.Doom(pending.Transaction.Id))
        {
            rejections.Add(new PendingRejection(pending, reason));
        }
    }
}
