namespace AspireChain.Ledger;

/// <summary>
/// One node's in-memory chain: blocks by height and hash, the transaction index, the ledger state at the tip, median time
/// past and the next target. <see cref="TryAppend"/> is the only way in, and a refused block leaves no trace. A chain may
/// start from a verified <see cref="ChainSnapshot"/> instead of genesis (then it holds headers, not blocks, up to the
/// snapshot height) and may drop old blocks (<see cref="Prune"/>): it always keeps the headers its rules read. Not thread-safe.
/// </summary>
public sealed class Chain : IChainView
{
    private readonly List<Block> _blocks = [];
    private readonly List<StateJournal> _undo = [];
    private readonly List<BlockHeader> _headers = [];
    private readonly List<Hash256> _hashes = [];
    private readonly Dictionary<Hash256, ulong> _heightByHash = [];
    private readonly Dictionary<Hash256, ulong> _heightByTransaction = [];
    private readonly BlockValidator _validator;
    private readonly SignatureVerification _signatures;
    private ulong _firstBlockHeight;
    private ulong _firstHeaderHeight;

    /// <summary>Starts at the network's genesis; <paramref name="signatures"/> is how <see cref="TryAppend(Block, long)"/> checks transfer signatures.</summary>
    public Chain(NetworkParameters network, SignatureVerification signatures = SignatureVerification.Parallel)
    {
        Network = network ?? throw new ArgumentNullException(nameof(network));
        _signatures = signatures;
        _validator = new BlockValidator(network, signatures);
        Genesis = Ledger.Genesis.Create(network);
        if (!State.TryApply(Genesis, out var undo).IsValid) throw new InvalidOperationException("Genesis premine overflows.");
        Index(Genesis, undo);
    }

    /// <summary>
    /// Starts at a snapshot's height (its accounts and header window; see <see cref="ChainSnapshot.Verify"/>, which must
    /// have passed): blocks up to that height are not held, the next one extends the snapshot's tip.
    /// </summary>
    public Chain(NetworkParameters network, ChainSnapshot snapshot, SignatureVerification signatures = SignatureVerification.Parallel)
    {
        Network = network ?? throw new ArgumentNullException(nameof(network));
        ArgumentNullException.ThrowIfNull(snapshot);
        _signatures = signatures;
        _validator = new BlockValidator(network, signatures);
        Genesis = Ledger.Genesis.Create(network);
        State.Seed(snapshot.Accounts);
        BaseHeight = snapshot.Height;
        _firstBlockHeight = snapshot.Height + 1;
        _firstHeaderHeight = snapshot.Headers[0].Height;
        foreach (var header in snapshot.Headers)
        {
            var hash = header.ComputeHash();
            _headers.Add(header);
            _hashes.Add(hash);
            _heightByHash[hash] = header.Height;
        }

        Recompute();
    }

    /// <summary>The height whose state this chain started from: 0 (genesis) or a snapshot's height.</summary>
    public ulong BaseHeight { get; }

    /// <summary>The lowest height whose whole block is held (above the tip when none is).</summary>
    public ulong FirstBlockHeight => _firstBlockHeight;

    /// <summary>Headers the consensus rules read to go on from the tip: the difficulty retarget window and median time past.</summary>
    public int HeaderWindow => Math.Max(Network.MedianTimeSpan, Math.Max(0, Network.RetargetInterval) + 1);

    /// <summary>The rules in force.</summary>
    public NetworkParameters Network { get; }

    /// <summary>Block 0.</summary>
    public Block Genesis { get; }

    /// <summary>Balances and nonces at the tip. Read it; change it only through <see cref="TryAppend"/>.</summary>
    public LedgerState State { get; } = new();

    /// <summary>The last block (null when the chain starts from a snapshot and no block has been appended since).</summary>
    public Block? Tip => _blocks.Count > 0 && _blocks[^1].Height == Height ? _blocks[^1] : null;

    /// <summary>The tip's header (held even when its block is not).</summary>
    public BlockHeader TipHeader => _headers[^1];

    /// <inheritdoc />
    public ulong Height => _firstHeaderHeight + (ulong)_headers.Count - 1;

    /// <inheritdoc />
    public Hash256 TipHash => _hashes[^1];

    /// <inheritdoc />
    public Target NextTarget { get; private set; }

    /// <inheritdoc />
    public long MedianTimePast { get; private set; }

    /// <summary>The blocks held, from <see cref="FirstBlockHeight"/> to the tip.</summary>
    public IReadOnlyList<Block> Blocks => _blocks;

    /// <inheritdoc />
    public bool ContainsTransaction(Hash256 id) => _heightByTransaction.ContainsKey(id);

    /// <summary>The height of the block holding transaction <paramref name="id"/>.</summary>
    public bool TryGetTransactionHeight(Hash256 id, out ulong height) => _heightByTransaction.TryGetValue(id, out height);

    /// <summary>The block at <paramref name="height"/>, or null above the tip.</summary>
    public Block? GetBlock(ulong height) =>
        height >= _firstBlockHeight && height - _firstBlockHeight < (ulong)_blocks.Count ? _blocks[(int)(height - _firstBlockHeight)] : null;

    /// <summary>The header at <paramref name="height"/> when held (every held block's, and the snapshot's window), or null.</summary>
    public BlockHeader? GetHeader(ulong height) =>
        height >= _firstHeaderHeight && height - _firstHeaderHeight < (ulong)_headers.Count ? _headers[(int)(height - _firstHeaderHeight)] : null;

    /// <summary>The hash at <paramref name="height"/> when its header is held, or null.</summary>
    public Hash256? GetHash(ulong height) =>
        height >= _firstHeaderHeight && height - _firstHeaderHeight < (ulong)_hashes.Count ? _hashes[(int)(height - _firstHeaderHeight)] : null;

    /// <summary>The block with <paramref name="hash"/>, or null (also when only its header is held).</summary>
    public Block? GetBlock(Hash256 hash) => _heightByHash.TryGetValue(hash, out var height) ? GetBlock(height) : null;

    /// <summary>True when the block with <paramref name="hash"/> is already in the chain (content de-duplication).</summary>
    public bool ContainsBlock(Hash256 hash) => _heightByHash.ContainsKey(hash);

    /// <summary>The balance and nonce of an account at the tip.</summary>
    public Account GetAccount(Address address) => State.GetAccount(address);

    /// <summary>Validates <paramref name="block"/> against every rule at <paramref name="now"/> (Unix ms) and appends it when valid.</summary>
    public ValidationResult TryAppend(Block block, long now) => TryAppend(block, now, _signatures);

    /// <summary>
    /// As <see cref="TryAppend(Block, long)"/>, with the transfer signatures checked as <paramref name="signatures"/> says
    /// (a follower of validator-signed blocks may skip them; every other rule still runs).
    /// </summary>
    public ValidationResult TryAppend(Block block, long now, SignatureVerification signatures)
    {
        ArgumentNullException.ThrowIfNull(block);
        var result = _validator.Validate(block, this, now, signatures);
        if (!result.IsValid) return result;
        result = State.TryApply(block, out var undo);
        if (!result.IsValid) return result;
        var root = StateCommitment.ComputeRoot(State);
        if (root != block.Header.StateRoot)
        {
            State.Revert(undo);
            return ValidationResult.Fail(RejectReason.BadStateRoot, $"state root {block.Header.StateRoot}, the accounts after the block give {root}");
        }
        Index(block, undo);
        return ValidationResult.Ok;
    }

    /// <summary>Removes the tip and restores the state before it (genesis stays).</summary>
    public Block RemoveTip()
    {
        if (Height == 0) throw new InvalidOperationException("Genesis cannot be removed.");
        var tip = Tip ?? throw new InvalidOperationException("The tip's block is not held (a snapshot's or a pruned tip cannot be removed).");
        State.Revert(_undo[^1]);
        _undo.RemoveAt(_undo.Count - 1);
        _blocks.RemoveAt(_blocks.Count - 1);
        _headers.RemoveAt(_headers.Count - 1);
        _hashes.RemoveAt(_hashes.Count - 1);
        _heightByHash.Remove(tip.Hash);
        foreach (var tx in tip.Transactions) _heightByTransaction.Remove(tx.Id);
        Recompute();
        return tip;
    }

    /// <summary>
    /// Builds the next block for <paramref name="miner"/>: candidates are taken in the given order while they apply on the
    /// tip state and fit the limits (signatures are assumed verified at admission), the coinbase claims subsidy + fees.
    /// With <paramref name="maxTransfers"/>, reading the candidates stops once that many are included, so a caller can
    /// offer more than it needs and the block is backfilled past candidates that do not apply.
    /// </summary>
    public BlockTemplate CreateTemplate(Address miner, IEnumerable<Transaction> candidates, long now, int? maxTransfers = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var height = Height + 1;
        var included = new List<Transaction> { Capacity = 64 };
        var excluded = new List<(Transaction, ValidationResult)>();
        var trial = new StateJournal();
        ulong fees = 0;
        long timestamp;
        Transaction coinbase;
        Hash256 stateRoot;
        try
        {
            foreach (var tx in candidates)
            {
                if (included.Count >= maxTransfers) break;
                if (included.Count + 1 >= Network.MaxBlockTransactions || Block.BinarySize(included.Count + 2) > Network.MaxBlockBytes)
                {
                    excluded.Add((tx, ValidationResult.Fail(RejectReason.BadBlockLength, "block full")));
                    continue;
                }
                var result = TransactionValidator.ValidateStateless(tx, Network, verifySignature: false);
                if (result.IsValid && ContainsTransaction(tx.Id)) result = ValidationResult.Fail(RejectReason.DuplicateTx, "already in the chain");
                if (result.IsValid && fees + tx.Fee < fees) result = ValidationResult.Fail(RejectReason.AmountOverflow, "fees overflow");
                if (result.IsValid) result = State.TryApply(tx, trial);
                if (!result.IsValid)
                {
                    excluded.Add((tx, result));
                    continue;
                }
                fees += tx.Fee;
                included.Add(tx);
            }
            timestamp = Math.Max(now, MedianTimePast + 1);
            coinbase = Transaction.CreateCoinbase(miner, Network.BlockSubsidy + fees, height, timestamp, Network.ChainId);
            // The root commits to the accounts after the whole block: its transfers (applied above) and its coinbase.
            // A coinbase that overflows the supply makes an invalid block whatever the root says.
            State.TryMint(coinbase.Recipient, coinbase.Amount, trial);
            stateRoot = StateCommitment.ComputeRoot(State);
        }
        finally
        {
            State.Revert(trial);
        }
        included.Insert(0, coinbase);
        var header = new BlockHeader(Network.BlockVersion, height, TipHash, MerkleTree.ComputeRoot(included), stateRoot, timestamp, NextTarget, miner, 0);
        return new BlockTemplate(new Block(header, included), fees, excluded);
    }

    /// <summary>
    /// The tip's state as a snapshot (accounts sorted by address, the header window ending at the tip), for a node that
    /// cannot replay the chain from genesis. Copies what it needs: the chain may move on while it is encoded.
    /// </summary>
    public ChainSnapshot ToSnapshot()
    {
        var count = (int)Math.Min((ulong)HeaderWindow, Math.Min(Height + 1, (ulong)_headers.Count));
        var headers = _headers.GetRange(_headers.Count - count, count).ToArray();
        return new ChainSnapshot(Height, headers, ChainSnapshot.Sorted(State.Accounts));
    }

    /// <summary>
    /// Drops the blocks below <paramref name="keepFrom"/> from memory (never the tip's, never genesis's state: only
    /// history) and the headers the rules no longer read. Blocks dropped can no longer be removed from the tip.
    /// </summary>
    public int Prune(ulong keepFrom)
    {
        var keep = Math.Min(keepFrom, Height);
        var drop = 0;
        while (_blocks.Count > 0 && _blocks[0].Height < keep)
        {
            foreach (var tx in _blocks[0].Transactions) _heightByTransaction.Remove(tx.Id);
            _blocks.RemoveAt(0);
            _undo.RemoveAt(0);
            drop++;
        }
        if (drop > 0) _firstBlockHeight = _blocks.Count > 0 ? _blocks[0].Height : Height + 1;
        var headersToDrop = Math.Min(_headers.Count - HeaderWindow, (int)Math.Min((ulong)int.MaxValue, keep > _firstHeaderHeight ? keep - _firstHeaderHeight : 0));
        if (headersToDrop > 0)
        {
            for (var i = 0; i < headersToDrop; i++) _heightByHash.Remove(_hashes[i]);
            _headers.RemoveRange(0, headersToDrop);
            _hashes.RemoveRange(0, headersToDrop);
            _firstHeaderHeight += (ulong)headersToDrop;
        }
        return drop;
    }

    private void Index(Block block, StateJournal undo)
    {
        if (_blocks.Count == 0) _firstBlockHeight = block.Height;
        _blocks.Add(block);
        _undo.Add(undo);
        _headers.Add(block.Header);
        _hashes.Add(block.Hash);
        _heightByHash[block.Hash] = block.Height;
        foreach (var tx in block.Transactions) _heightByTransaction[tx.Id] = block.Height;
        Recompute();
    }

    private void Recompute()
    {
        var span = Math.Min(Network.MedianTimeSpan, _headers.Count);
        var times = new long[span];
        for (var i = 0; i < span; i++) times[i] = _headers[_headers.Count - 1 - i].Timestamp;
        Array.Sort(times);
        MedianTimePast = times[span / 2];
        NextTarget = DifficultyAdjustment.NextTarget(Network, Height + 1, h => GetHeader(h)
            ?? throw new InvalidOperationException($"header {h} is outside the held window from {_firstHeaderHeight}"));
    }
}
