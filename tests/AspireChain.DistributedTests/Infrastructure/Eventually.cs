namespace AspireChain.DistributedTests.Infrastructure;

/// <summary>Polls a condition until it holds or the test's token expires: distributed tests wait on conditions, never on fixed sleeps.</summary>
internal static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Returns the first value <paramref name="probe"/> accepts; a timeout names <paramref name="what"/> and the last value seen.</summary>
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
                await Task.Delay(PollInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last seen: {(lastError is null ? last?.ToString() : lastError.Message)}");
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task TrueAsync(Func<CancellationToken, Task<bool>> condition, string what, CancellationToken cancellationToken) =>
        GetAsync(condition, ok => ok, what, cancellationToken);
}
