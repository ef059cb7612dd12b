namespace AspireChain.Ledger.Tests.Mempool;

public sealed class MempoolTests
{
    private static readonly Address Carol = Address.Parse("ca10000000000000000000000000000000000ca1");
    private static readonly KeyPair Alice = KeyPair.Generate();
    private static readonly KeyPair Bob = KeyPair.Generate();

    private static Transaction Pay(KeyPair from, ulong nonce, ulong fee) => Transaction.Create(from, Carol, 1, fee, nonce, 0, 1);

    [Fact]
    public void Selects_by_fee_across_senders_and_by_nonce_within_a_sender()
    {
        var pool = new Ledger.Mempool();
        var a0 = Pay(Alice, 0, 1);
        var a1 = Pay(Alice, 1, 100);
        var b0 = Pay(Bob, 0, 50);
        foreach (var tx in new[] { a1, b0, a0 }) Assert.Equal(MempoolAdmission.Added, pool.TryAdd(tx).Admission);
        Assert.Equal([b0, a0, a1], pool.SelectForBlock(_ => 0, 10).ToList());
        Assert.Equal([b0], pool.SelectForBlock(_ => 0, 1).ToList());
    }

    [Fact]
    public void A_nonce_gap_stops_a_sender()
    {
        var pool = new Ledger.Mempool();
        pool.TryAdd(Pay(Alice, 0, 1));
        pool.TryAdd(Pay(Alice, 2, 1));
        Assert.Single(pool.SelectForBlock(_ => 0, 10));
        Assert.Empty(pool.SelectForBlock(_ => 1, 10));
    }

    [Fact]
    public void Duplicate_and_replace_by_fee()
    {
        var pool = new Ledger.Mempool();
        var cheap = Pay(Alice, 0, 1);
        Assert.Equal(MempoolAdmission.Added, pool.TryAdd(cheap).Admission);
        Assert.Equal(MempoolAdmission.Duplicate, pool.TryAdd(cheap).Admission);
        Assert.Equal(MempoolAdmission.NonceTaken, pool.TryAdd(Pay(Alice, 0, 1)).Admission);
        var rich = Pay(Alice, 0, 9);
        var replaced = pool.TryAdd(rich);
        Assert.Equal(MempoolAdmission.Replaced, replaced.Admission);
        Assert.Equal(cheap, replaced.Displaced);
        Assert.Equal(1, pool.Count);
        Assert.True(pool.Contains(rich.Id));
    }

    [Fact]
    public void Removes_included_and_now_stale_transactions()
    {
        var chain = new TestChain();
        var pool = new Ledger.Mempool();
        var t0 = chain.Pay(TestChain.Faucet, Carol, 1);
        var t1 = chain.Pay(TestChain.Faucet, Carol, 1, nonce: 1);
        var competing = chain.Pay(TestChain.Faucet, Carol, 2, nonce: 1);
        var t2 = chain.Pay(TestChain.Faucet, Carol, 1, nonce: 2);
        pool.TryAdd(t0);
        pool.TryAdd(competing);
        pool.TryAdd(t2);
        var block = chain.Extend(t0, t1);
        var removed = pool.RemoveIncluded(block, a => chain.Chain.GetAccount(a).Nonce);
        Assert.Equal(new[] { t0.Id, competing.Id }.Order(), removed.Select(t => t.Id).Order());
        Assert.Equal([t2], pool.SelectForBlock(a => chain.Chain.GetAccount(a).Nonce, 10).ToList());
    }
}
