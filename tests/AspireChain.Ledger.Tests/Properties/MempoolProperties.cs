using CsCheck;

namespace AspireChain.Ledger.Tests.Properties;

/// <summary>Whatever arrives in whatever order, the mempool's selection is a valid block body.</summary>
public sealed class MempoolProperties
{
    private static readonly KeyPair[] Wallets = [.. Enumerable.Range(0, 3).Select(i => KeyPair.FromSeed([(byte)i, 0x77]))];

    [Fact]
    public void Selection_keeps_nonce_order_and_always_forms_a_valid_block()
    {
        var chain = new TestChain();
        chain.Extend([.. Wallets.Select((w, i) => chain.Pay(TestChain.Faucet, w.Address, 1_000_000, nonce: (ulong)i))]);
        var payments = Wallets.SelectMany(w => Enumerable.Range(0, 6).Select(n => (Wallet: w, Nonce: (ulong)n))).ToArray();
        var arrivals = Gen.Select(Gen.Int[0, payments.Length - 1], Gen.ULong[0, 50]).Array[1, 30];

        arrivals.Sample(arrived =>
        {
            var pool = new Ledger.Mempool();
            foreach (var (index, fee) in arrived)
                pool.TryAdd(chain.Pay(payments[index].Wallet, TestChain.Miner, 10, fee, payments[index].Nonce));

            var selected = pool.SelectForBlock(a => chain.Chain.GetAccount(a).Nonce, 100).ToList();
            foreach (var group in selected.GroupBy(t => t.SenderAddress))
                Assert.Equal(Enumerable.Range(0, group.Count()).Select(n => (ulong)n), group.Select(t => t.Nonce));

            var template = chain.Chain.CreateTemplate(TestChain.Miner, selected, chain.Now + 1_000);
            Assert.Empty(template.Excluded);
            Assert.True(chain.Chain.TryAppend(TestChain.Mine(template.Block), chain.Now + 1_000).IsValid);
            chain.Chain.RemoveTip();
        }, iter: 50, threads: 1);
    }
}
