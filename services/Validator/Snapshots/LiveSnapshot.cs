using AspireChain.Contracts.Messages;
using AspireChain.Ledger;

namespace AspireChain.Validator.Snapshots;

/// <summary>A snapshot whose records are on <c>snapshots</c>: enough to name every key it has.</summary>
/// <param name="Height">Its height.</param>
/// <param name="Digest">Its digest (<see cref="SnapshotChunks.Digest"/>).</param>
/// <param name="Chunks">How many chunks it has.</param>
/// <param name="Sequence">Order in which this publisher learnt of it.</param>
internal sealed record LiveSnapshot(ulong Height, Hash256 Digest, int Chunks, long Sequence)
{
    /// <summary>Every key of the snapshot: its chunks', then its manifest's.</summary>
    public IEnumerable<SnapshotKey> Keys => SnapshotKey.AllOf(Height, Digest, Chunks);
}
