using System.Threading.Channels;
using AspireChain.ChainQuery.Storage;

namespace AspireChain.ChainQuery.Live;

/// <summary>
/// Fans newly applied blocks out to live subscribers (the SSE endpoint). Each subscriber gets its own bounded
/// channel; a subscriber too slow to keep up loses its oldest unread blocks rather than slowing the follower.
/// </summary>
public sealed class LiveBlockStream
{
    private const int SubscriberCapacity = 256;
    private readonly Lock _gate = new();
    private readonly List<Channel<BlockSummary>> _subscribers = [];

    /// <summary>Number of live subscribers.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Announces an applied block to every subscriber.</summary>
    public void Publish(BlockSummary block)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(block);
            }
        }
    }

    /// <summary>Starts receiving every block published from now on; dispose the subscription to stop.</summary>
    public LiveBlockSubscription Subscribe()
    {
        var channel = Channel.CreateBounded<BlockSummary>(new BoundedChannelOptions(SubscriberCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        return new LiveBlockSubscription(channel.Reader, () =>
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        });
    }
}
