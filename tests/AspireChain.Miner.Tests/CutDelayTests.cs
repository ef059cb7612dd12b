using AspireChain.Miner.Mining;

namespace AspireChain.Miner.Tests;

/// <summary>The cut wait: full when nothing waited, shorter the longer the oldest transfer waited, never negative.</summary>
public sealed class CutDelayTests
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(250);

    [Fact]
    public void Nothing_waiting_gets_the_full_wait_and_one_max_wait_of_waiting_halves_it()
    {
        Assert.Equal(MaxWait, CutDelay.After(MaxWait, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMilliseconds(125), CutDelay.After(MaxWait, MaxWait));
        Assert.Equal(TimeSpan.FromMilliseconds(50), CutDelay.After(MaxWait, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void The_replica_whose_transfers_waited_longer_always_cuts_first()
    {
        var previous = CutDelay.After(MaxWait, TimeSpan.Zero);
        for (var waited = 10; waited <= 60_000; waited += 10)
        {
            var delay = CutDelay.After(MaxWait, TimeSpan.FromMilliseconds(waited));
            Assert.True(delay < previous, $"after {waited} ms: {delay} is not shorter than {previous}");
            Assert.True(delay > TimeSpan.Zero);
            previous = delay;
        }
    }

    [Fact]
    public void A_clock_step_backwards_or_no_wait_configured_is_safe()
    {
        Assert.Equal(MaxWait, CutDelay.After(MaxWait, TimeSpan.FromSeconds(-3)));
        Assert.Equal(TimeSpan.Zero, CutDelay.After(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
    }
}
