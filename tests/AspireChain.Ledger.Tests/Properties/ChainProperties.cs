using CsCheck;

namespace AspireChain.Ledger.Tests.Properties;

/// <summary>Property tests over random chains: they validate, replay identically, undo exactly and conserve supply.</summary>
public sealed class ChainProperties
{
    private static readonly KeyPair[] Wallets = [.. Enumerable.Range(0, 4).Select(i => KeyPair.FromSeed([(byte)i, 0x42]))];

    /// <summary>A random payment plan: per block, a list of (from, to, amount permille of balance, fee).</summary>
    private static readonly Gen<(int From, int To, int Permille, ulong Fee)[][]> Plans =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[1, 600], Gen.ULong[0, 1_000]).Array[0, 6].Array[1, 6];

    /// <summary>Builds a chain from the plan; wallet 0..3 are funded by the faucet in block 1.</summary>
    private static TestChain Build((int From, int To, int Permille, ulong Fee)[][] plan)
    {
        var chain = new TestChain();
        chain.Extend([.. Wallets.Select((w, i) => chain.Pay(TestChain.Faucet, w.Address, 1_000_000, fee: 10, nonce: (ulong)i))]);
        foreach (var step in plan)
        {
            var pending = new Dictionary<Address, (ulong Balance, ulong Nonce)>();
            var txs = new List<Transaction>();
            foreach (var (from, to, permille, fee) in step)
            {
                if (from == to) continue;
                var sender = Wallets[from];
                var account = pending.TryGetValue(sender.Address, out var p) ? p : (chain.Chain.GetAccount(sender.Address).Balance, chain.Chain.GetAccount(sender.Address).Nonce);
                var amount = account.Item1 / 1_000 * (ulong)permille;
                if (amount == 0 || amount + fee > account.Item1) continue;
                txs.Add(chain.Pay(sender, Wallets[to].Address, amount, fee, account.Item2));
                pending[sender.Address] = (account.Item1 - amount - fee, account.Item2 + 1);
                var recipient = pending.TryGetValue(Wallets[to].Address, out var r) ? r : (chain.Chain.GetAccount(Wallets[to].Address).Balance, chain.Chain.GetAccount(Wallets[to].Address).Nonce);
                pending[Wallets[to].Address] = (recipient.Item1 + amount, recipient.Item2);
            }
            chain.Extend([.. txs]);
        }
        return chain;
    }

    private static List<KeyValuePair<Address, Account>> Snapshot(LedgerState state) => [.. state.Accounts.OrderBy(a => a.Key.ToString(), StringComparer.Ordinal)];

    [Fact]
    public void Random_valid_chains_validate_and_replay_to_the_same_state()
    {
        Plans.Sample(plan =>
        {
            var chain = Build(plan);
            var replay = new Chain(chain.Network);
            foreach (var block in chain.Chain.Blocks.Skip(1))
            {
                var copy = Block.ParseJson(block.ToJson());
                Assert.True(replay.TryAppend(copy, chain.Now).IsValid);
            }
            Assert.Equal(chain.Chain.TipHash, replay.TipHash);
            Assert.Equal(Snapshot(chain.Chain.State), Snapshot(replay.State));
        }, iter: 25);
    }

    [Fact]
    public void Total_supply_is_premine_plus_subsidies()
    {
        Plans.Sample(plan =>
        {
            var chain = Build(plan);
            var premine = chain.Network.Premine.Aggregate(0UL, (sum, p) => sum + p.Amount);
            var expected = premine + chain.Chain.Height * chain.Network.BlockSubsidy;
            Assert.Equal(expected, chain.Chain.State.TotalSupply);
            Assert.Equal(expected, chain.Chain.State.Accounts.Values.Aggregate(0UL, (sum, a) => sum + a.Balance));
        }, iter: 25);
    }

    [Fact]
    public void Applying_then_undoing_blocks_restores_the_state_exactly()
    {
        Plans.Sample(plan =>
        {
            var chain = new TestChain();
            var snapshots = new List<(List<KeyValuePair<Address, Account>> Accounts, ulong Supply)>();
            var built = Build(plan);
            snapshots.Add((Snapshot(chain.Chain.State), chain.Chain.State.TotalSupply));
            foreach (var block in built.Chain.Blocks.Skip(1))
            {
                Assert.True(chain.Chain.TryAppend(block, built.Now).IsValid);
                snapshots.Add((Snapshot(chain.Chain.State), chain.Chain.State.TotalSupply));
            }
            for (var height = snapshots.Count - 2; height >= 0; height--)
            {
                chain.Chain.RemoveTip();
                Assert.Equal(snapshots[height].Accounts, Snapshot(chain.Chain.State));
                Assert.Equal(snapshots[height].Supply, chain.Chain.State.TotalSupply);
            }
        }, iter: 20);
    }
}
