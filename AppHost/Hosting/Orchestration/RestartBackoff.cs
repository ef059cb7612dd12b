namespace AspireChain.AppHost.Hosting.Orchestration;

/// <summary>Exponential back-off for crash loops: doubles per consecutive crash, capped, reset by a stable run.</summary>
internal sealed class RestartBackoff(TimeSpan initialDelay, TimeSpan maxDelay, TimeSpan stableUptime)
{
    private int _consecutiveCrashes;

    /// <summary>The delay before the next launch after a process that ran for <paramref name="uptime"/> crashed.</summary>
    public TimeSpan NextDelay(TimeSpan uptime)
    {
        _consecutiveCrashes = uptime >= stableUptime ? 1 : _consecutiveCrashes + 1;
        var factor = Math.Pow(2, Math.Min(_consecutiveCrashes - 1, 20));
        return TimeSpan.FromTicks((long)Math.Min(maxDelay.Ticks, initialDelay.Ticks * factor));
    }

    /// <summary>Forget the crash streak (an operator restarted it on purpose).</summary>
    public void Reset() => _consecutiveCrashes = 0;
}
