using System.Threading.Channels;
using AspireChain.ChainQuery.Storage;

namespace AspireChain.ChainQuery.Live;

/// <summary>One subscriber's view of the <see cref="LiveBlockStream"/>: read blocks, dispose to leave.</summary>
public sealed class LiveBlockSubscription(ChannelReader<BlockSummary> reader, Action leave) : IDisposable
{
    /// <summary>Blocks published since the subscription started.</summary>
    public ChannelReader<BlockSummary> Reader { get; } = reader;

    /// <summary>Stops receiving.</summary>
    public void Dispose() => leave();
}
