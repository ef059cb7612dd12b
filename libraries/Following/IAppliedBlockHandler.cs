using AspireChain.Ledger;
using Microsoft.Data.Sqlite;

namespace AspireChain.Following;

/// <summary>
/// What a service does with the blocks its <see cref="BlocksFollower"/> applies: the one service-specific part of
/// following <c>blocks</c> (a miner settles its mempool, the Validator moves its candidates cursor, ChainQuery writes
/// its read model).
/// </summary>
public interface IAppliedBlockHandler
{
    /// <summary>
    /// Once, on the follower's thread, after the chain was rebuilt from the store and before the topic is read; a
    /// returned reason stops following (reported unhealthy), e.g. a store built for another network.
    /// </summary>
    string? Prepare(FollowedChain chain) => null;

    /// <summary>
    /// Inside the SQLite transaction that replaces the store's chain with a verified snapshot (a node joining after
    /// <c>blocks</c> lost its early records): what the service keeps about the chain must start over from it. Throwing
    /// rolls the seeding back.
    /// </summary>
    void Seeding(ChainSnapshot snapshot, long nextBlocksOffset, SqliteTransaction transaction)
    {
    }

    /// <summary>
    /// Inside the SQLite transaction that records the block and the <c>blocks</c> cursor (same connection): what must
    /// commit with them. Throwing rolls everything back and the block is read again.
    /// </summary>
    void Applying(AppliedBlock block, SqliteTransaction transaction)
    {
    }

    /// <summary>After the commit: in-memory effects (mempool, live feeds, metrics). Must not throw.</summary>
    void Applied(AppliedBlock block);
}
