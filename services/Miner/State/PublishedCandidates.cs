using AspireChain.Ledger;

namespace AspireChain.Miner.State;

/// <summary>
/// The candidates this replica published, by height, so an accepted block can be scored as won or stale and a verdict
/// on one can be traced to its transfers. Not thread-safe: its one owner, the <see cref="MinerState"/>, serialises every call.
/// </summary>
internal sealed class PublishedCandidates
{
    private readonly Dictionary<ulong, Block> _byHeight = [];

    /// <summary>How an accepted block relates to what this replica mined for its height.</summary>
    public enum Outcome
    {
        /// <summary>This replica published nothing for that height.</summary>
        NotOurs,

        /// <summary>Our candidate became the chain.</summary>
        Won,

        /// <summary>Another candidate took the height: ours is stale.</summary>
        Lost,
    }

    /// <summary>Remembers a published candidate (the newest one per height).</summary>
    public void Add(Block candidate) => _byHeight[candidate.Height] = candidate;

    /// <summary>The published candidate with <paramref name="hash"/>, when it is still the one remembered for its height.</summary>
    public Block? Find(Hash256 hash, ulong? height)
    {
        if (height is { } h)
        {
            return _byHeight.TryGetValue(h, out var candidate) && candidate.Hash == hash ? candidate : null;
        }

        return _byHeight.Values.FirstOrDefault(c => c.Hash == hash);
    }

    /// <summary>Scores the accepted block at its height and forgets that height.</summary>
    public Outcome Resolve(Block accepted)
    {
        if (!_byHeight.Remove(accepted.Height, out var ours))
        {
            return Outcome.NotOurs;
        }

        return ours.Hash == accepted.Hash ? Outcome.Won : Outcome.Lost;
    }
}
