namespace AspireChain.Ledger;

/// <summary>
/// The consensus rules a block must pass that need no ledger state, cheapest first (header and proof of work, then the
/// body), and the transfer signatures, the costliest rule, verified last and in parallel. Each failure is a typed
/// reason; one caused by a single transfer names it. Balance and nonce rules are applied by
/// <see cref="LedgerState.TryApply(Block, out StateJournal)"/>; <see cref="Chain.TryAppend(Block, long)"/> runs them all
/// in that order, once.
/// </summary>
public sealed class BlockValidator(NetworkParameters network)
{
    // Each signature is verified exactly once. In parallel, work is cut into runs of the same sender so each sender's key
    // is imported on few threads (per-thread verifier cache), and the lowest failing index is reported so the verdict is
    // deterministic: a transaction is skipped only when a lower index has already failed.
    private const int SignaturesPerWorkItem = 32;

    /// <summary>The network whose rules apply.</summary>
    public NetworkParameters Network { get; } = network ?? throw new ArgumentNullException(nameof(network));

    /// <summary>Header rules: height, version, link, target, proof of work, timestamp window.</summary>
    public ValidationResult ValidateHeader(BlockHeader header, Hash256 hash, IChainView chain, long now)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(chain);
        if (header.Height <= chain.Height)
            return ValidationResult.Fail(RejectReason.Stale, $"height {header.Height} already has a block (tip {chain.Height})");
        if (header.Height != chain.Height + 1)
            return ValidationResult.Fail(RejectReason.BadHeight, $"height {header.Height}, tip is {chain.Height}");
        if (header.Version != Network.BlockVersion)
            return ValidationResult.Fail(RejectReason.BadVersion, $"version {header.Version}, expected {Network.BlockVersion}");
        if (header.PreviousHash != chain.TipHash)
            return ValidationResult.Fail(RejectReason.BadPrevBlock, $"previous {header.PreviousHash}, tip is {chain.TipHash}");
        if (header.Target != chain.NextTarget)
            return ValidationResult.Fail(RejectReason.BadTarget, $"target {header.Target}, expected {chain.NextTarget}");
        if (!header.Target.IsMetBy(hash))
            return ValidationResult.Fail(RejectReason.HighHash, $"hash {hash} above target {header.Target}");
        if (header.Timestamp <= chain.MedianTimePast)
            return ValidationResult.Fail(RejectReason.TimeTooOld, $"timestamp {header.Timestamp} not after median time past {chain.MedianTimePast}");
        if (header.Timestamp > now + Network.MaxFutureDriftMs)
            return ValidationResult.Fail(RejectReason.TimeTooNew, $"timestamp {header.Timestamp} more than {Network.MaxFutureDriftMs} ms after now {now}");
        return ValidationResult.Ok;
    }

    /// <summary>
    /// Every rule that needs neither the ledger state nor a signature: the header's, then size, Merkle root, coinbase
    /// shape and amount, each transfer's own rules, and no transfer twice in the block. A transfer already in the chain
    /// breaks the nonce rule (its nonce is used), so no index of past transfers is needed.
    /// </summary>
    public ValidationResult Validate(Block block, IChainView chain, long now)
    {
        ArgumentNullException.ThrowIfNull(block);
        var header = ValidateHeader(block.Header, block.Hash, chain, now);
        if (!header.IsValid) return header;

        var transactions = block.Transactions;
        if (transactions.Count > Network.MaxBlockTransactions)
            return ValidationResult.Fail(RejectReason.BadBlockLength, $"{transactions.Count} transactions, limit {Network.MaxBlockTransactions}");
        if (block.Size > Network.MaxBlockBytes)
            return ValidationResult.Fail(RejectReason.BadBlockLength, $"{block.Size} bytes, limit {Network.MaxBlockBytes}");
        if (MerkleTree.ComputeRoot(transactions) != block.Header.MerkleRoot)
            return ValidationResult.Fail(RejectReason.BadMerkleRoot, "Merkle root does not match the transactions");

        var coinbase = ValidateCoinbaseShape(block);
        if (!coinbase.IsValid) return coinbase;

        var seen = new HashSet<Hash256>(transactions.Count);
        ulong fees = 0;
        for (var i = 1; i < transactions.Count; i++)
        {
            var tx = transactions[i];
            var rules = TransactionValidator.ValidateStateless(tx, Network, verifySignature: false);
            if (!rules.IsValid) return ValidationResult.Fail(rules.Reason, $"tx {i} {tx.Id}: {rules.Detail}", tx.Id);
            if (!seen.Add(tx.Id))
                return ValidationResult.Fail(RejectReason.DuplicateTx, $"tx {i} {tx.Id} appears twice", tx.Id);
            if (fees + tx.Fee < fees) return ValidationResult.Fail(RejectReason.AmountOverflow, "total fees overflow");
            fees += tx.Fee;
        }
        var reward = Network.BlockSubsidy + fees;
        if (reward < fees) return ValidationResult.Fail(RejectReason.AmountOverflow, "subsidy + fees overflows");
        if (transactions[0].Amount > reward)
            return ValidationResult.Fail(RejectReason.BadCoinbaseAmount, $"coinbase {transactions[0].Amount} exceeds subsidy + fees {reward}");
        return ValidationResult.Ok;
    }

    /// <summary>
    /// Verifies every transfer signature of <paramref name="block"/> (not the coinbase's: it has none) as
    /// <paramref name="verification"/> says, skipping those <paramref name="verified"/> holds (this process verified them
    /// before) and adding those it verifies now; the lowest failing transfer is reported, by index and id.
    /// </summary>
    public static ValidationResult VerifySignatures(Block block, SignatureVerification verification, VerifiedSignatures? verified = null)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (verification == SignatureVerification.None) return ValidationResult.Ok;
        var transactions = block.Transactions;
        if (transactions.Count <= 1) return ValidationResult.Ok;
        var order = new int[transactions.Count - 1];
        var count = 0;
        for (var i = 1; i < transactions.Count; i++)
        {
            if (verified is null || !verified.Contains(transactions[i].Id)) order[count++] = i;
        }

        var failed = int.MaxValue;
        var passed = verified is null ? null : new bool[transactions.Count];
        if (verification == SignatureVerification.Parallel && count > SignaturesPerWorkItem)
        {
            var senders = new int[count];
            for (var j = 0; j < count; j++) senders[j] = transactions[order[j]].SenderAddress.GetHashCode();
            Array.Sort(senders, order, 0, count); // same sender adjacent (hash collisions only merge runs, harmlessly)
            var workItems = (count + SignaturesPerWorkItem - 1) / SignaturesPerWorkItem;
            Parallel.For(0, workItems, item =>
            {
                var end = Math.Min(count, (item + 1) * SignaturesPerWorkItem);
                for (var j = item * SignaturesPerWorkItem; j < end; j++)
                {
                    var i = order[j];
                    if (i > Volatile.Read(ref failed)) continue;
                    if (transactions[i].VerifySignature())
                    {
                        if (passed is not null) passed[i] = true;
                        continue;
                    }

                    int current;
                    while (i < (current = Volatile.Read(ref failed)) && Interlocked.CompareExchange(ref failed, i, current) != current) { }
                }
            });
        }
        else
        {
            for (var j = 0; j < count && failed == int.MaxValue; j++)
            {
                if (transactions[order[j]].VerifySignature())
                {
                    if (passed is not null) passed[order[j]] = true;
                }
                else
                {
                    failed = order[j];
                }
            }
        }

        if (verified is not null && passed is not null)
        {
            // Remembered: exactly the signatures that verified here (with a failure, those checked before it was found).
            verified.Add(transactions, passed, out var checkedHere);
            verified.Record(checkedHere + (failed == int.MaxValue ? 0 : 1), transactions.Count - 1 - count);
        }
        return failed == int.MaxValue
            ? ValidationResult.Ok
            : ValidationResult.Fail(RejectReason.BadSignature, $"tx {failed} {transactions[failed].Id}: signature does not verify (or is high-S)", transactions[failed].Id);
    }

    private ValidationResult ValidateCoinbaseShape(Block block)
    {
        var transactions = block.Transactions;
        if (transactions.Count == 0 || !transactions[0].IsCoinbase)
            return ValidationResult.Fail(RejectReason.BadCoinbaseMissing, "the first transaction must be a coinbase");
        for (var i = 1; i < transactions.Count; i++)
        {
            if (transactions[i].IsCoinbase)
                return ValidationResult.Fail(RejectReason.BadCoinbaseMultiple, $"transaction {i} is a second coinbase", transactions[i].Id);
        }
        var coinbase = transactions[0];
        if (coinbase.ChainId != Network.ChainId)
            return ValidationResult.Fail(RejectReason.BadChainId, $"coinbase chain id {coinbase.ChainId}, network is {Network.ChainId}");
        if (coinbase.Nonce != block.Height)
            return ValidationResult.Fail(RejectReason.BadCoinbaseHeight, $"coinbase nonce {coinbase.Nonce}, block height {block.Height}");
        return ValidationResult.Ok;
    }
}
