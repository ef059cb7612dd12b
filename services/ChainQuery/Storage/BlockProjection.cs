using AspireChain.ChainQuery.Storage;
using AspireChain.Ledger;

namespace AspireChain.ChainQuery.Storage;

/// <summary>Turns a Ledger <see cref="Block"/> into the rows the read model stores.</summary>
public static class BlockProjection
{
    /// <summary>The stored form of <paramref name="block"/>.</summary>
    public static StoredBlock ToStored(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var header = block.Header;
        return new StoredBlock(
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
            [.. block.Transactions.Select(ToStored)]);
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
