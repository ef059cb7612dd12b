using AspireChain.Ledger;
using AspireChain.Miner.Pool;

namespace AspireChain.Miner.Tests;

/// <summary>The miner's offset bookkeeping: a partition is committed only up to its first unsettled transaction.</summary>
public sealed class PartitionedMempoolTests
{
    [Fact]
    public void Commit_position_stops_at_the_first_unsettled_transaction()
    {
        var pool = new PartitionedMempool();
        pool.Assign(3);
        var transfers = Enumerable.Range(0, 3).Select(n => Pending(CandidateForge.FaucetTransfer((ulong)n), 3, 10 + n)).ToList();
        foreach (var pending in transfers)
        {
            Assert.True(pool.Add(pending) is not null);
        }

        Assert.Equal([(3, 10L)], pool.CommittableOffsets());
        pool.Settle([transfers[1].Transaction.Id]);
        Assert.Equal([(3, 10L)], pool.CommittableOffsets()); // Still waiting for offset 10.
        pool.Settle([transfers[0].Transaction.Id]);
        Assert.Equal([(3, 12L)], pool.CommittableOffsets());
        pool.Settle([transfers[2].Transaction.Id]);
        Assert.Equal([(3, 13L)], pool.CommittableOffsets());
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public void Messages_with_nothing_to_wait_for_do_not_hold_the_offset_back()
    {
        var pool = new PartitionedMempool();
        pool.Assign(0);
        var transfer = Pending(CandidateForge.FaucetTransfer(0), 0, 5);

        pool.Skip(0, 4);
        pool.Add(transfer);
        var duplicate = pool.Add(transfer with { Offset = 6 })!;

        Assert.Equal(MempoolAdmission.Duplicate, duplicate.Outcome);
        Assert.Equal([(0, 5L)], pool.CommittableOffsets());
        pool.Settle([transfer.Transaction.Id]);
        Assert.Equal([(0, 7L)], pool.CommittableOffsets());
    }

    [Fact]
    public void Revoking_a_partition_forgets_its_transactions_and_ignores_late_records()
    {
        var pool = new PartitionedMempool();
        pool.Assign(1);
        pool.Assign(2);
        var mine = Pending(CandidateForge.FaucetTransfer(0), 1, 0);
        pool.Add(mine);

        pool.Revoke(1);

        Assert.Equal(0, pool.Count);
        Assert.Empty(pool.SelectForBlock(_ => 0, 10));
        Assert.False(pool.Add(Pending(CandidateForge.FaucetTransfer(1), 1, 1)) is not null);
        Assert.Equal([2], pool.Partitions);
    }

    [Fact]
    public void A_second_transaction_for_a_taken_nonce_is_handed_back_for_rejection()
    {
        var pool = new PartitionedMempool();
        pool.Assign(0);
        var first = Pending(CandidateForge.FaucetTransfer(0, fee: 5), 0, 0);
        var cheaper = Pending(CandidateForge.FaucetTransfer(0, fee: 1), 0, 1);
        var richer = Pending(CandidateForge.FaucetTransfer(0, fee: 9), 0, 2);

        pool.Add(first);
        var taken = pool.Add(cheaper)!;
        var replaced = pool.Add(richer)!;

        Assert.Equal((MempoolAdmission.NonceTaken, cheaper), (taken.Outcome, taken.ToReject));
        Assert.Equal((MempoolAdmission.Replaced, first), (replaced.Outcome, replaced.ToReject));
        Assert.Equal([richer.Transaction.Id], pool.SelectForBlock(_ => 0, 10).Select(p => p.Transaction.Id));
        Assert.Equal([(0, 0L)], pool.CommittableOffsets()); // The rejections are not published yet.
    }

    [Fact]
    public void The_oldest_selectable_transaction_is_the_earliest_read_across_partitions_and_settling_it_moves_on()
    {
        var pool = new PartitionedMempool();
        pool.Assign(0);
        pool.Assign(1);
        Assert.Null(pool.OldestSelectableReadAt());
        var start = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        var first = Pending(CandidateForge.FaucetTransfer(0), 1, 0) with { ReceivedAt = start };
        var second = Pending(CandidateForge.FaucetTransfer(1), 0, 0) with { ReceivedAt = start.AddSeconds(1) };
        var third = Pending(CandidateForge.FaucetTransfer(2), 1, 1) with { ReceivedAt = start.AddSeconds(2) };
        pool.Add(first);
        pool.Add(second);
        pool.Add(third);

        Assert.Equal(start, pool.OldestSelectableReadAt());
        pool.Settle([first.Transaction.Id]);
        Assert.Equal(start.AddSeconds(1), pool.OldestSelectableReadAt());
        pool.Settle([second.Transaction.Id]);
        Assert.Equal(start.AddSeconds(2), pool.OldestSelectableReadAt());
        pool.Settle([third.Transaction.Id]);
        Assert.Null(pool.OldestSelectableReadAt());
    }

    [Fact]
    public void A_held_transaction_is_not_the_oldest_selectable_one()
    {
        var pool = new PartitionedMempool();
        pool.Assign(0);
        var start = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        pool.Hold(Pending(CandidateForge.FaucetTransfer(0), 0, 0) with { ReceivedAt = start });
        Assert.Null(pool.OldestSelectableReadAt());
        pool.Add(Pending(CandidateForge.FaucetTransfer(1), 0, 1) with { ReceivedAt = start.AddSeconds(5) });
        Assert.Equal(start.AddSeconds(5), pool.OldestSelectableReadAt());
    }

    private static PendingTransaction Pending(Transaction transaction, int partition, long offset) =>
        new(transaction, partition, offset, default, DateTimeOffset.UtcNow);
}
