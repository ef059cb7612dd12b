using AspireChain.Ledger;

namespace AspireChain.Miner.State;

/// <summary>
/// The candidates this replica published, by height, so an accepted block can be scored as won or stale. Not
/// thread-safe: its one owner, the <see cref="Workbench"/>, serialises every call.
/// </summary>
internal sealed class PublishedCandidates
{
    private readonly Dictionary<ulong, Hash256> _byHeight = [];

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

    /// <summary>Remembers a published candidate.</summary>
    public void Add(Block candidate) => _byHeight[candidate.Height] = candidate.Hash;

    /// <summary>Scores the accepted block at its height and forgets that height.</summary>
    public Outcome Resolve(Block accepted)
    {
        if (!_byHeight.Remove(accepted.Height, out var ours))
        {
            return Outcome.NotOurs;
        }

        return ours == accepted.Hash ? Outcome.Won : Outcome.Lost;
    }
}
