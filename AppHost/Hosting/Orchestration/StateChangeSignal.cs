namespace AspireChain.AppHost.Hosting.Orchestration;

/// <summary>A broadcast "something changed" signal: waiters re-check their condition on every pulse, so no change is missed.</summary>
internal sealed class StateChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The task completed by the next <see cref="Pulse"/>; take it before checking the condition.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes when <paramref name="condition"/> holds, re-evaluated at every pulse.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = Next;
            if (condition())
            {
                return;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
