namespace AspireChain.Ledger;

/// <summary>
/// One node's in-memory chain: blocks by height and hash, the transaction index, the ledger state at the tip, median time
/// past and the next target. <see cref="TryAppend"/> is the only way in, and a refused block leaves no trace. Not thread-safe.
/// </summary>
public sealed class Chain : IChainView
{
    private readonly List<Block> _blocks = [];
    private readonly List<StateJournal> _undo = [];
    private readonly Dictionary<Hash256, ulong> _heightByHash = [];
    private readonly Dictionary<Hash256, ulong> _heightByTransaction = [];
    private readonly BlockValidator _validator;
    private readonly SignatureVerification _signatures;

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

    /// <summary>The rules in force.</summary>
    public NetworkParameters Network { get; }

    /// <summary>Block 0.</summary>
    public Block Genesis { get; }

    /// <summary>Balances and nonces at the tip. Read it; change it only through <see cref="TryAppend"/>.</summary>
    public LedgerState State { get; } = new();

    /// <summary>The last block.</summary>
    public Block Tip => _blocks[^1];

    /// <inheritdoc />
    public ulong Height => (ulong)(_blocks.Count - 1);

    /// <inheritdoc />
    public Hash256 TipHash => Tip.Hash;

    /// <inheritdoc />
    public Target NextTarget { get; private set; }

    /// <inheritdoc />
    public long MedianTimePast { get; private set; }

    /// <summary>Blocks from genesis to tip.</summary>
    public IReadOnlyList<Block> Blocks => _blocks;

    /// <inheritdoc />
    public bool ContainsTransaction(Hash256 id) => _heightByTransaction.ContainsKey(id);

    /// <summary>The height of the block holding transaction <paramref name="id"/>.</summary>
    public bool TryGetTransactionHeight(Hash256 id, out ulong height) => _heightByTransaction.TryGetValue(id, out height);

    /// <summary>The block at <paramref name="height"/>, or null above the tip.</summary>
    public Block? GetBlock(ulong height) => height < (ulong)_blocks.Count ? _blocks[(int)height] : null;

    /// <summary>The block with <paramref name="hash"/>, or null.</summary>
    public Block? GetBlock(Hash256 hash) => _heightByHash.TryGetValue(hash, out var height) ? _blocks[(int)height] : null;

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
        Index(block, undo);
        return ValidationResult.Ok;
    }

    /// <summary>Removes the tip and restores the state before it (genesis stays).</summary>
    public Block RemoveTip()
    {
        if (_blocks.Count == 1) throw new InvalidOperationException("Genesis cannot be removed.");
        var tip = Tip;
        State.Revert(_undo[^1]);
        _undo.RemoveAt(_undo.Count - 1);
        _blocks.RemoveAt(_blocks.Count - 1);
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
        }
        finally
        {
            State.Revert(trial);
        }
        var timestamp = Math.Max(now, MedianTimePast + 1);
        var coinbase = Transaction.CreateCoinbase(miner, Network.BlockSubsidy + fees, height, timestamp, Network.ChainId);
        included.Insert(0, coinbase);
        var header = new BlockHeader(Network.BlockVersion, height, TipHash, MerkleTree.ComputeRoot(included), timestamp, NextTarget, miner, 0);
        return new BlockTemplate(new Block(header, included), fees, excluded);
    }

    private void Index(Block block, StateJournal undo)
    {
        _blocks.Add(block);
        _undo.Add(undo);
        _heightByHash[block.Hash] = block.Height;
        foreach (var tx in block.Transactions) _heightByTransaction[tx.Id] = block.Height;
        Recompute();
    }

    private void Recompute()
    {
        var span = Math.Min(Network.MedianTimeSpan, _blocks.Count);
        var times = new long[span];
        for (var i = 0; i < span; i++) times[i] = _blocks[_blocks.Count - 1 - i].Header.Timestamp;
        Array.Sort(times);
        MedianTimePast = times[span / 2];
        NextTarget = DifficultyAdjustment.NextTarget(Network, Height + 1, h => _blocks[(int)h].Header);
    }
}
