namespace AspireChain.AppHost.Dashboard.Telemetry;

/// <summary>A first-in first-out buffer that drops its oldest item when full, so telemetry memory stays bounded however long the AppHost runs.</summary>
/// <remarks>Not thread-safe: <see cref="TelemetryStore"/> guards it with its lock.</remarks>
internal sealed class BoundedQueue<T>(int capacity)
{
    private readonly Queue<T> items = new();

    public int Count => items.Count;

    /// <summary>Adds an item; returns the evicted oldest item when the queue was full.</summary>
    public bool Enqueue(T item, out T? evicted)
    {
        items.Enqueue(item);
        if (items.Count > capacity)
        {
            evicted = items.Dequeue();
            return true;
        }

        evicted = default;
        return false;
    }

    public IEnumerable<T> Items => items;
}
