using System.Threading.Channels;
using AspireChain.ChainQuery.Storage;

namespace AspireChain.ChainQuery.Live;

/// <summary>One subscriber's view of the <see cref="BlockFeed"/>: read blocks, dispose to leave.</summary>
public sealed class BlockSubscription(ChannelReader<BlockSummary> reader, Action leave) : IDisposable
{
    /// <summary>Blocks published since the subscription started.</summary>
    public ChannelReader<BlockSummary> Reader { get; } = reader;

    /// <summary>Stops receiving.</summary>
    public void Dispose() => leave();
}
