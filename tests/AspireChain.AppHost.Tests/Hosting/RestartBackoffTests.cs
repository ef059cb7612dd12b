using AspireChain.AppHost.Hosting.Orchestration;

namespace AspireChain.AppHost.Tests.Hosting;

/// <summary>Crash loops back off exponentially up to a cap; a stable run or an operator restart resets the streak.</summary>
public sealed class RestartBackoffTests
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(1);

    [Fact]
    public void Delay_doubles_per_consecutive_crash_up_to_the_cap()
    {
        var backoff = new RestartBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));

        var delays = Enumerable.Range(0, 6).Select(_ => backoff.NextDelay(Short).TotalSeconds).ToList();

        Assert.Equal([1, 2, 4, 8, 10, 10], delays);
    }

    [Fact]
    public void A_stable_run_resets_the_streak()
    {
        var backoff = new RestartBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        backoff.NextDelay(Short);
        backoff.NextDelay(Short);

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.NextDelay(TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.NextDelay(Short));
    }

    [Fact]
    public void Reset_forgets_the_streak()
    {
        var backoff = new RestartBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        backoff.NextDelay(Short);
        backoff.NextDelay(Short);

        backoff.Reset();

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.NextDelay(Short));
    }
}
