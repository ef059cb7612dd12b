namespace AspireChain.Ledger;

/// <summary>Whether a transaction moves coins between accounts or mints them (coinbase/premine); the first byte of the canonical layout.</summary>
public enum TransactionKind : byte
{
    /// <summary>A signed payment from the sender's account.</summary>
    Transfer = 0,

    /// <summary>Newly minted coins: the block reward (first transaction of a block) or a genesis premine allocation.</summary>
    Coinbase = 1,
}
