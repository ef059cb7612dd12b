using AspireChain.Ledger;

namespace AspireChain.MicroBenchmarks;

/// <summary>Builds the chains the benchmarks validate against: funded wallets and a full block of their transfers.</summary>
internal static class BenchmarkChains
{
    /// <summary>The test preset (trivial PoW) so building fixtures costs nothing; validation work is identical on any preset.</summary>
    public static NetworkParameters Network { get; } = NetworkParameters.Test with { MaxBlockTransactions = 5_000 };

    /// <summary>A chain at height 1 where <paramref name="senders"/> wallets are funded, and a mined block 2 of <paramref name="transactions"/> transfers from them.</summary>
    public static (Chain Chain, Block Block, long Now) FundedChainAndBlock(int senders, int transactions)
    {
        using var faucet = DevFaucet.CreateKeyPair();
        var wallets = Enumerable.Range(0, senders).Select(i => KeyPair.FromSeed([.. BitConverter.GetBytes(i), 0xBE])).ToArray();
        var chain = new Chain(Network, keepBlocks: Chain.KeepAll);
        var now = Network.GenesisTimestamp + 1_000;
        var funding = wallets.Select((w, i) => Transaction.Create(faucet, w.Address, 1_000_000_000, 1, (ulong)i, now, Network.ChainId)).ToList();
        Append(chain, chain.CreateTemplate(faucet.Address, funding, now).Block, now);

        now += 1_000;
        var payments = Enumerable.Range(0, transactions)
            .Select(i => Transaction.Create(wallets[i % senders], faucet.Address, 1_000, 1, (ulong)(i / senders), now, Network.ChainId))
            .ToList();
        var template = chain.CreateTemplate(faucet.Address, payments, now);
        if (template.Excluded.Count != 0) throw new InvalidOperationException($"{template.Excluded.Count} payments did not fit.");
        var (block, _) = ReferenceProofOfWork.Instance.Mine(template.Block, 1, CancellationToken.None);
        foreach (var wallet in wallets) wallet.Dispose();
        return (chain, block!, now);
    }

    private static void Append(Chain chain, Block template, long now)
    {
        var (block, _) = ReferenceProofOfWork.Instance.Mine(template, 1, CancellationToken.None);
        var result = chain.TryAppend(block!, now);
        if (!result.IsValid) throw new InvalidOperationException(result.ToString());
    }
}
