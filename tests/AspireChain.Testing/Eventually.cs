namespace AspireChain.Testing;

/// <summary>Polls a condition until it holds or a deadline passes: tests wait on conditions, never on fixed sleeps.</summary>
public static class Eventually
{
    /// <summary>Default bound, generous for a loaded 2-core machine.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Returns the first non-null value <paramref name="probe"/> yields; throws with <paramref name="what"/> at the deadline.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? deadline = null)
        where T : class
    {
        var until = DateTime.UtcNow + (deadline ?? Deadline);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null) =>
        await GetAsync<object>(async () => await condition() ? new object() : null, what, deadline);

    /// <summary>Waits until a synchronous <paramref name="condition"/> holds.</summary>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, deadline);
}
