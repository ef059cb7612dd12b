using AspireChain.Ledger;

namespace AspireChain.Miner.Mining;

/// <summary>The candidates this replica published, by height, so an accepted block can be scored as won or stale. Thread-safe.</summary>
internal sealed class PublishedCandidates
{
    private readonly Lock _gate = new();
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
    public void Add(Block candidate)
    {
        lock (_gate)
        {
            _byHeight[candidate.Height] = candidate.Hash;
        }
    }

    /// <summary>Whether a candidate for <paramref name="height"/> was already published.</summary>
    public bool Contains(ulong height)
    {
        lock (_gate)
        {
            return _byHeight.ContainsKey(height);
        }
    }

    /// <summary>Scores the accepted block at its height and forgets that height.</summary>
    public Outcome Resolve(Block accepted)
    {
        lock (_gate)
        {
            if (!_byHeight.Remove(accepted.Height, out var ours))
            {
                return Outcome.NotOurs;
            }

            return ours == accepted.Hash ? Outcome.Won : Outcome.Lost;
        }
    }
}
