using AspireChain.ChainQuery.Storage;
using AspireChain.Ledger;

namespace AspireChain.ChainQuery.Storage;

/// <summary>Turns a Ledger <see cref="Block"/> into the rows the read model stores.</summary>
public static class BlockProjection
{
    /// <summary>The stored form of <paramref name="block"/>.</summary>
    /// <exception cref="OverflowException">An amount exceeds what SQLite's 64-bit integers hold.</exception>
    public static StoredBlock ToStored(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return TryToStored(block, out var stored) ? stored : throw new OverflowException($"block {block.Header.Height} holds an amount beyond 63 bits");
    }

    /// <summary>The stored form of <paramref name="block"/>, or false when one of its amounts exceeds what SQLite's 64-bit integers hold.</summary>
    public static bool TryToStored(Block block, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StoredBlock? stored)
    {
        ArgumentNullException.ThrowIfNull(block);
        stored = null;
        var transactions = new StoredTransaction[block.Transactions.Count];
        for (var i = 0; i < transactions.Length; i++)
        {
            if (!TryToStored(block.Transactions[i], out var tx))
            {
                return false;
            }

            transactions[i] = tx;
        }

        var header = block.Header;
        stored = new StoredBlock(
            checked((long)header.Height),
            block.Hash.ToString(),
            header.PreviousHash.ToString(),
            header.MerkleRoot.ToString(),
            header.Timestamp,
            header.Target.ToString(),
            header.Target.ExpectedAttempts,
            header.Nonce,
            header.Miner.ToString(),
            block.Transactions.Count,
            transactions);
        return true;
    }

    /// <summary>The stored form of one transaction (a coinbase has no sender).</summary>
    public static StoredTransaction ToStored(Transaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        return new StoredTransaction(
            tx.Id.ToString(),
            tx.IsCoinbase ? null : tx.SenderAddress.ToString(),
            tx.Recipient.ToString(),
            checked((long)tx.Amount),
            checked((long)tx.Fee),
            checked((long)tx.Nonce),
            tx.IsCoinbase);
    }

    /// <summary>The stored form of one transaction, or false when an amount exceeds what SQLite's 64-bit integers hold.</summary>
    public static bool TryToStored(Transaction tx, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StoredTransaction? stored)
    {
        ArgumentNullException.ThrowIfNull(tx);
        if (tx.Amount > long.MaxValue || tx.Fee > long.MaxValue || tx.Nonce > long.MaxValue)
        {
            stored = null;
            return false;
        }

        stored = ToStored(tx);
        return true;
    }

    /// <summary>The summary the chain listing and the live feed show.</summary>
    public static BlockSummary Summarize(StoredBlock block) =>
        new(block.Height, block.Hash, block.PreviousHash, block.TimestampMs, block.TransactionCount, block.Difficulty, block.Miner);
}
