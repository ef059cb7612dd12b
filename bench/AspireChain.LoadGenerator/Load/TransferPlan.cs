using AspireChain.Client.Transfers;
using AspireChain.Client.Wallets;
using AspireChain.Ledger;

namespace AspireChain.LoadGenerator.Load;

/// <summary>Random transfers between the run's wallets (sender, recipient, amount drawn from a seeded generator), signed up front.</summary>
public static class TransferPlan
{
    /// <summary>Largest amount of one transfer, in base units; funding covers every wallet sending all of them.</summary>
    public const ulong MaxAmount = 1_000;

    /// <summary>The fee of every transfer.</summary>
    public const ulong Fee = 1;

    /// <summary>Signs <paramref name="count"/> transfers; each wallet's nonces increase in plan order.</summary>
    public static IReadOnlyList<Submission> Create(IReadOnlyList<Wallet> wallets, int count, int seed, NetworkParameters network)
    {
        var random = new Random(seed);
        var plan = new List<Submission>(count);
        for (var i = 0; i < count; i++)
        {
            var from = random.Next(wallets.Count);
            var to = (from + 1 + random.Next(wallets.Count - 1)) % wallets.Count; // never a self-transfer
            var sender = wallets[from];
            var recipient = wallets[to];
            var amount = (ulong)random.NextInt64(1, (long)MaxAmount + 1);
            plan.Add(new Submission(sender.Transfer(recipient.Address, amount, Fee, network)));
        }

        return plan;
    }
}
