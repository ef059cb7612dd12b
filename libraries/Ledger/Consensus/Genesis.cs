namespace AspireChain.Ledger;

/// <summary>Builds the deterministic genesis block from network parameters, so no service ever races for it on a topic.</summary>
public static class Genesis
{
    /// <summary>
    /// Height 0, zero previous hash, the initial target, one coinbase per premine allocation (nonce = its index).
    /// Genesis is accepted by construction and is not mined.
    /// </summary>
    public static Block Create(NetworkParameters network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var transactions = network.Premine
            .Select((p, i) => Transaction.CreateCoinbase(p.Recipient, p.Amount, (ulong)i, network.GenesisTimestamp, network.ChainId))
            .ToArray();
        var state = new LedgerState();
        var journal = new StateJournal();
        foreach (var coinbase in transactions) state.TryMint(coinbase.Recipient, coinbase.Amount, journal);
        var header = new BlockHeader(
            network.BlockVersion, 0, Hash256.Zero, MerkleTree.ComputeRoot(transactions), StateCommitment.ComputeRoot(state),
            network.GenesisTimestamp, network.InitialTarget, Address.Zero, 0);
        return new Block(header, transactions);
    }
}
