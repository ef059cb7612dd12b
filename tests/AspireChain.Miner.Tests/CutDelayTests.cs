using AspireChain.Miner.Mining;

namespace AspireChain.Miner.Tests;

/// <summary>The cut wait: counted from the oldest minable transfer, so a replica whose transfers waited longer cuts first.</summary>
public sealed class CutDelayTests
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(250);

    [Fact]
    public void A_fresh_transfer_waits_the_whole_batch_timeout_and_one_that_waited_it_out_is_cut_at_once()
    {
        Assert.Equal(MaxWait, CutDelay.After(MaxWait, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMilliseconds(150), CutDelay.After(MaxWait, TimeSpan.FromMilliseconds(100)));
        Assert.Equal(TimeSpan.Zero, CutDelay.After(MaxWait, MaxWait));
        Assert.Equal(TimeSpan.Zero, CutDelay.After(MaxWait, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void The_replica_that_just_won_waits_longer_than_one_whose_transfers_lost_the_last_race()
    {
        // The winner's oldest transfer arrived after its last cut; the loser's has waited a whole block longer.
        var block = TimeSpan.FromMilliseconds(200);
        var winner = CutDelay.After(MaxWait, TimeSpan.FromMilliseconds(20));
        var loser = CutDelay.After(MaxWait, TimeSpan.FromMilliseconds(20) + block);
        Assert.True(loser < winner, $"loser {loser}, winner {winner}");
        Assert.True(winner - loser >= block - TimeSpan.FromMilliseconds(1) || loser == TimeSpan.Zero);
    }

    [Fact]
    public void A_clock_step_backwards_or_no_wait_configured_is_safe()
    {
        Assert.Equal(MaxWait, CutDelay.After(MaxWait, TimeSpan.FromSeconds(-3)));
        Assert.Equal(TimeSpan.Zero, CutDelay.After(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
    }
}
