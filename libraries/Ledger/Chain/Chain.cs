namespace AspireChain.Ledger;

/// <summary>
/// One node's chain in memory, bounded by the state it needs rather than by history: the ledger state at the tip, the
/// headers its rules read (and a few more, to tell a replay from a conflict), and the last few blocks with what undoes
/// them. Older blocks live in the node's store. <see cref="TryAppend(Block, long)"/> is the only way in: every rule,
/// once, cheapest first, and a refused block leaves no trace. A chain may start from a verified
/// <see cref="ChainSnapshot"/> instead of genesis. Not thread-safe.
/// </summary>
public sealed class Chain : IChainView
{
    /// <summary>Blocks a chain holds unless told otherwise: enough to take back the tip and to recognise a transfer confirmed moments ago.</summary>
    public const int DefaultKeepBlocks = 16;

    /// <summary>Holds every block appended (tests and audits that read the whole history back).</summary>
    public const int KeepAll = int.MaxValue;

    // Headers held beyond the rules' window, so a replayed record of a recent height is told from a conflicting one.
    private const int MinHeldHeaders = 256;

    private readonly List<(Block Block, StateJournal Undo)> _recent = [];
    private readonly List<BlockHeader> _headers = [];
    private readonly List<Hash256> _hashes = [];
    private readonly Dictionary<Hash256, ulong> _heightByHash = [];
    private readonly Dictionary<Hash256, ulong> _recentTransactions = [];
    private readonly BlockValidator _validator;
    private readonly SignatureVerification _signatures;
    private readonly int _heldHeaders;
    private ulong _firstHeaderHeight;

    /// <summary>
    /// Starts at the network's genesis; <paramref name="signatures"/> is how <see cref="TryAppend(Block, long)"/> checks
    /// transfer signatures; <paramref name="keepBlocks"/> how many recent blocks stay in memory (at least 1: the tip's).
    /// </summary>
    public Chain(NetworkParameters network, SignatureVerification signatures = SignatureVerification.Parallel, int keepBlocks = DefaultKeepBlocks)
        : this(network, signatures, keepBlocks, snapshot: null)
    {
    }

    /// <summary>
    /// Starts at a snapshot's height (its accounts and header window; see <see cref="ChainSnapshot.Verify"/>, which must
    /// have passed): blocks up to that height are not held, the next one extends the snapshot's tip.
    /// </summary>
    public Chain(NetworkParameters network, ChainSnapshot snapshot, SignatureVerification signatures = SignatureVerification.Parallel, int keepBlocks = DefaultKeepBlocks)
        : this(network, signatures, keepBlocks, snapshot ?? throw new ArgumentNullException(nameof(snapshot)))
    {
    }

    // Both starts: from genesis (no snapshot) or from a verified snapshot's state and header window.
    private Chain(NetworkParameters network, SignatureVerification signatures, int keepBlocks, ChainSnapshot? snapshot)
    {
        Network = network ?? throw new ArgumentNullException(nameof(network));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keepBlocks);
        _signatures = signatures;
        KeepBlocks = keepBlocks;
        _heldHeaders = HeldHeaders(network, keepBlocks);
        _validator = new BlockValidator(network);
        Genesis = Ledger.Genesis.Create(network);
        if (snapshot is null)
        {
            if (!State.TryApply(Genesis, out var undo).IsValid) throw new InvalidOperationException("Genesis premine overflows.");
            Index(Genesis, undo);
            return;
        }

        State.Seed(snapshot.Accounts);
        BaseHeight = snapshot.Height;
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

    /// <summary>How many recent blocks are held in memory.</summary>
    public int KeepBlocks { get; }

    /// <summary>The lowest height whose whole block is held (above the tip when none is).</summary>
    public ulong FirstBlockHeight => _recent.Count > 0 ? _recent[0].Block.Height : Height + 1;

    /// <summary>Headers the consensus rules read to go on from the tip: the difficulty retarget window and median time past.</summary>
    public int HeaderWindow => DifficultyAdjustment.HeaderWindow(Network);

    /// <summary>The rules in force.</summary>
    public NetworkParameters Network { get; }

    /// <summary>Block 0.</summary>
    public Block Genesis { get; }

    /// <summary>Balances and nonces at the tip. Read it; change it only through <see cref="TryAppend(Block, long)"/>.</summary>
    public LedgerState State { get; } = new();

    /// <summary>The last block (null when the chain starts from a snapshot and no block has been appended since).</summary>
    public Block? Tip => _recent.Count > 0 && _recent[^1].Block.Height == Height ? _recent[^1].Block : null;

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

    /// <summary>The blocks held, oldest first: the last <see cref="KeepBlocks"/> appended.</summary>
    public IEnumerable<Block> Blocks => _recent.Select(r => r.Block);

    /// <summary>
    /// True when transaction <paramref name="id"/> is in a block held in memory (the last <see cref="KeepBlocks"/>): a
    /// transfer confirmed moments ago. Older ones need no index: their nonce is used, so the rules refuse them anyway.
    /// </summary>
    public bool ContainsRecentTransaction(Hash256 id) => _recentTransactions.ContainsKey(id);

    /// <summary>The block at <paramref name="height"/> when held, or null.</summary>
    public Block? GetBlock(ulong height)
    {
        var first = FirstBlockHeight;
        return height >= first && height - first < (ulong)_recent.Count ? _recent[(int)(height - first)].Block : null;
    }

    /// <summary>The header at <paramref name="height"/> when held (the recent window), or null.</summary>
    public BlockHeader? GetHeader(ulong height) =>
        height >= _firstHeaderHeight && height - _firstHeaderHeight < (ulong)_headers.Count ? _headers[(int)(height - _firstHeaderHeight)] : null;

    /// <summary>The hash at <paramref name="height"/> when its header is held, or null.</summary>
    public Hash256? GetHash(ulong height) =>
        height >= _firstHeaderHeight && height - _firstHeaderHeight < (ulong)_hashes.Count ? _hashes[(int)(height - _firstHeaderHeight)] : null;

    /// <summary>The block with <paramref name="hash"/> when held, or null.</summary>
    public Block? GetBlock(Hash256 hash) => _heightByHash.TryGetValue(hash, out var height) ? GetBlock(height) : null;

    /// <summary>True when the block with <paramref name="hash"/> is among the recent headers held (content de-duplication of a replay).</summary>
    public bool ContainsBlock(Hash256 hash) => _heightByHash.ContainsKey(hash);

    /// <summary>The balance and nonce of an account at the tip.</summary>
    public Account GetAccount(Address address) => State.GetAccount(address);

    /// <summary>Validates <paramref name="block"/> against every rule at <paramref name="now"/> (Unix ms) and appends it when valid.</summary>
    public ValidationResult TryAppend(Block block, long now) => TryAppend(block, now, _signatures);

    /// <summary>
    /// As <see cref="TryAppend(Block, long)"/>, with the transfer signatures checked as <paramref name="signatures"/> says
    /// (a follower of validator-signed blocks may skip them; every other rule still runs), skipping those
    /// <paramref name="verified"/> remembers this process verified.
    /// </summary>
    /// <remarks>
    /// One pass, cheapest first: header and proof of work, the body's own rules, then balances and nonces applied to the
    /// state and the state root compared, and only then the signatures, so a block that breaks a cheap rule costs no
    /// ECDSA verification. Any failure reverts the state.
    /// </remarks>
    public ValidationResult TryAppend(Block block, long now, SignatureVerification signatures, VerifiedSignatures? verified = null)
    {
        ArgumentNullException.ThrowIfNull(block);
        var result = _validator.Validate(block, this, now);
        if (!result.IsValid) return result;
        result = State.TryApply(block, out var undo);
        if (!result.IsValid) return result;
        var root = StateCommitment.ComputeRoot(State);
        if (root != block.Header.StateRoot)
        {
            State.Revert(undo);
            return ValidationResult.Fail(RejectReason.BadStateRoot, $"state root {block.Header.StateRoot}, the accounts after the block give {root}");
        }

        result = BlockValidator.VerifySignatures(block, signatures, verified);
        if (!result.IsValid)
        {
            State.Revert(undo);
            return result;
        }

        Index(block, undo);
        return ValidationResult.Ok;
    }

    /// <summary>Removes the tip and restores the state before it (genesis stays; the tip's block must be held).</summary>
    public Block RemoveTip()
    {
        if (Height == 0) throw new InvalidOperationException("Genesis cannot be removed.");
        var tip = Tip ?? throw new InvalidOperationException("The tip's block is not held (a snapshot's tip cannot be removed).");
        State.Revert(_recent[^1].Undo);
        _recent.RemoveAt(_recent.Count - 1);
        _headers.RemoveAt(_headers.Count - 1);
        _hashes.RemoveAt(_hashes.Count - 1);
        _heightByHash.Remove(tip.Hash);
        foreach (var tx in tip.Transactions) _recentTransactions.Remove(tx.Id);
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
        var inBlock = new HashSet<Hash256>();
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
                if (result.IsValid && (ContainsRecentTransaction(tx.Id) || !inBlock.Add(tx.Id)))
                    result = ValidationResult.Fail(RejectReason.DuplicateTx, "already in the chain", tx.Id);
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

    private static int HeldHeaders(NetworkParameters network, int keepBlocks) =>
        keepBlocks == KeepAll ? KeepAll : Math.Max(DifficultyAdjustment.HeaderWindow(network), Math.Max(keepBlocks, MinHeldHeaders));

    private void Index(Block block, StateJournal undo)
    {
        _recent.Add((block, undo));
        _headers.Add(block.Header);
        _hashes.Add(block.Hash);
        _heightByHash[block.Hash] = block.Height;
        foreach (var tx in block.Transactions) _recentTransactions[tx.Id] = block.Height;
        if (_recent.Count > KeepBlocks)
        {
            foreach (var tx in _recent[0].Block.Transactions) _recentTransactions.Remove(tx.Id);
            _recent.RemoveAt(0);
        }

        // Trimmed in steps of the held count, so the lists are shifted once per that many blocks, not per block.
        if (_headers.Count >= 2L * _heldHeaders)
        {
            var drop = _headers.Count - _heldHeaders;
            for (var i = 0; i < drop; i++) _heightByHash.Remove(_hashes[i]);
            _headers.RemoveRange(0, drop);
            _hashes.RemoveRange(0, drop);
            _firstHeaderHeight += (ulong)drop;
        }

        Recompute();
    }

    private void Recompute()
    {
        MedianTimePast = DifficultyAdjustment.MedianTimePast(Network, Height, HeaderAt);
        NextTarget = DifficultyAdjustment.NextTarget(Network, Height + 1, HeaderAt);
    }

    private BlockHeader HeaderAt(ulong height) =>
        GetHeader(height) ?? throw new InvalidOperationException($"header {height} is outside the held window from {_firstHeaderHeight}");
}
