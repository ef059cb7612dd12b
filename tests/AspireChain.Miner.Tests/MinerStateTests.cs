using AspireChain.Following;
using AspireChain.Ledger;
using AspireChain.Miner.Options;
using AspireChain.Miner.Pool;
using AspireChain.Miner.State;
using AspireChain.Testing;

namespace AspireChain.Miner.Tests;

/// <summary>
/// The miner's state owner without Kafka: what a template takes is decided from what is pending at the cut, so these
/// answers do not depend on when records arrive (a running miner cuts as soon as a full block's worth is pending).
/// </summary>
public sealed class MinerStateTests
{
    [Fact]
    public void A_template_backfills_past_a_selected_transfer_that_turns_out_unpayable()
    {
        using var wallet = KeyPair.Generate();
        var forge = new CandidateForge();
        var funding = forge.Valid(CandidateForge.FaucetTransfer(0, amount: 1_000, to: wallet.Address));
        var chain = new FollowedChain(CandidateForge.Network);
        Assert.True(chain.Write(c => c.TryAppend(funding, CandidateForge.Now)).IsValid);
        var state = new MinerState(chain, Microsoft.Extensions.Options.Options.Create(new MinerOptions
        {
            MaxBlockTransactions = 3,
            FundsGrace = TimeSpan.FromMinutes(10),
        }));
        state.PartitionsAssigned([0]);

        // Each of the wallet's transfers is payable alone, not both: the second cannot apply once the first has.
        var payable = Transaction.Create(wallet, new Address(new byte[Address.Size]), 600, 100, 0, CandidateForge.Now, CandidateForge.Network.ChainId);
        var unpayable = Transaction.Create(wallet, new Address(new byte[Address.Size]), 600, 100, 1, CandidateForge.Now, CandidateForge.Network.ChainId);
        var cheap = new[] { CandidateForge.FaucetTransfer(1, fee: 1), CandidateForge.FaucetTransfer(2, fee: 1) };
        var offset = 0L;
        foreach (var transfer in new[] { payable, unpayable }.Concat(cheap))
        {
            var outcome = state.Admit(new PendingTransaction(transfer, 0, offset++, default, DateTimeOffset.UtcNow));
            Assert.Null(outcome.Refusal);
        }

        Assert.Equal(4, state.Minable);
        var block = state.Template(DateTimeOffset.UtcNow).Block;

        // The two high-fee transfers are offered first; the unpayable one is passed over and both cheap ones fill the block.
        Assert.Equal(3, block.Transactions.Count - 1);
        var mined = block.Transactions.Skip(1).Select(t => t.Id).ToHashSet();
        Assert.Equal(cheap.Select(t => t.Id).Append(payable.Id).Order(), mined.Order());
        Assert.DoesNotContain(unpayable.Id, mined);
    }

    [Fact]
    public void Transfers_queued_behind_their_senders_pending_ones_are_a_backlog_not_a_gap_however_long_they_wait()
    {
        var state = NewWorkbench(new MinerOptions { MaxGapWait = TimeSpan.FromMinutes(2) });
        var arrived = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10);
        for (ulong nonce = 0; nonce < 5; nonce++)
        {
            Assert.Null(state.Admit(new PendingTransaction(CandidateForge.FaucetTransfer(nonce), 0, (long)nonce, default, arrived)).Refusal);
        }

        Assert.Empty(state.Sweep(DateTimeOffset.UtcNow));
        Assert.Empty(state.Sweep(DateTimeOffset.UtcNow + TimeSpan.FromHours(1)));
        Assert.Equal(5, state.Minable);
    }

    [Fact]
    public void A_real_gap_is_rejected_the_maximum_wait_after_a_sweep_first_saw_it()
    {
        var state = NewWorkbench(new MinerOptions { MaxGapWait = TimeSpan.FromMinutes(2) });
        var arrived = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10);
        var behind = new[] { CandidateForge.FaucetTransfer(1), CandidateForge.FaucetTransfer(2) };
        var queued = CandidateForge.FaucetTransfer(0);
        foreach (var transfer in behind)
        {
            Assert.Null(state.Admit(new PendingTransaction(transfer, 0, (long)transfer.Nonce, default, arrived)).Refusal);
        }

        var firstSeen = DateTimeOffset.UtcNow;
        Assert.Empty(state.Sweep(firstSeen));
        Assert.Empty(state.Sweep(firstSeen + TimeSpan.FromMinutes(1)));
        var rejected = state.Sweep(firstSeen + TimeSpan.FromMinutes(2));

        Assert.Equal(behind.Select(t => t.Id).Order(), rejected.Select(r => r.Pending.Transaction.Id).Order());
        Assert.All(rejected, r => Assert.Contains("for nonce 0 of its sender", r.Reason.Detail, StringComparison.Ordinal));
        Assert.Null(state.Admit(new PendingTransaction(queued, 0, 0, default, arrived)).Refusal);
        Assert.Empty(state.Sweep(firstSeen + TimeSpan.FromMinutes(3)));
    }

    private static MinerState NewWorkbench(MinerOptions options)
    {
        var state = new MinerState(new FollowedChain(CandidateForge.Network), Microsoft.Extensions.Options.Options.Create(options));
        state.PartitionsAssigned([0]);
        return state;
    }

    [Fact]
    public void After_a_candidate_too_large_for_the_broker_templates_take_half_as_many_transfers()
    {
        var state = NewWorkbench(new MinerOptions { MaxBlockTransactions = 8 });
        for (ulong nonce = 0; nonce < 8; nonce++)
        {
            Assert.Null(state.Admit(new PendingTransaction(CandidateForge.FaucetTransfer(nonce), 0, (long)nonce, default, DateTimeOffset.UtcNow)).Refusal);
        }

        var full = state.Template(DateTimeOffset.UtcNow).Block;
        Assert.Equal(8, full.Transactions.Count - 1);

        Assert.Equal(4, state.CandidateTooLarge(full.Transactions.Count - 1));
        Assert.Equal(4, state.Template(DateTimeOffset.UtcNow).Block.Transactions.Count - 1);
        Assert.Equal(2, state.CandidateTooLarge(4));
        Assert.Equal(1, state.CandidateTooLarge(2));
        Assert.Equal(1, state.CandidateTooLarge(1));
    }
}
