namespace AspireChain.Testing;

/// <summary>
/// Polls a condition until it holds: tests wait on conditions, never on fixed sleeps. Bounded either by a deadline
/// (in-process tests) or by the test's token (distributed tests, whose services may be restarting meanwhile).
/// </summary>
public static class Eventually
{
    /// <summary>Default bound, generous for a loaded 2-core machine.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan TokenPollInterval = TimeSpan.FromMilliseconds(250);

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

    /// <summary>
    /// Returns the first value <paramref name="probe"/> yields that <paramref name="accept"/> takes, until
    /// <paramref name="cancellationToken"/> expires; a refused connection (a service restarting) is polled through, and a
    /// timeout names <paramref name="what"/> and the last value seen.
    /// </summary>
    public static async Task<T> GetAsync<T>(Func<CancellationToken, Task<T>> probe, Func<T, bool> accept, string what, CancellationToken cancellationToken)
    {
        T last = default!;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await probe(cancellationToken);
                lastError = null;
                if (accept(last))
                {
                    return last;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // A service being restarted refuses connections for a moment: keep polling.
                lastError = e;
            }

            try
            {
                await Task.Delay(TokenPollInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last seen: {(lastError is null ? last?.ToString() : lastError.Message)}");
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds or <paramref name="cancellationToken"/> expires.</summary>
    public static Task TrueAsync(Func<CancellationToken, Task<bool>> condition, string what, CancellationToken cancellationToken) =>
        GetAsync(condition, ok => ok, what, cancellationToken);
}
