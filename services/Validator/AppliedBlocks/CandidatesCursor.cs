using AspireChain.Following;
using Microsoft.Data.Sqlite;

namespace AspireChain.Validator.AppliedBlocks;

/// <summary>
/// The next <c>candidates</c> offset to judge, kept in the shared <see cref="BlockStore"/> next to the chain it
/// reflects. Each accepted block carries it inside its signed envelope, so following <c>blocks</c> (a standby, or after a
/// restart) moves it in the same SQLite transaction as the block: a validator taking over resumes after the candidate
/// that produced the last block, and no forged or replayed record can move it.
/// </summary>
internal sealed class CandidatesCursor(BlockStore store) : IAppliedBlockHandler
{
    /// <summary>The cursor's name in the store.</summary>
    public const string Name = "candidates";

    /// <summary>The next <c>candidates</c> offset to judge (0 for a new store).</summary>
    public long Next => store.ReadCursor(Name) ?? 0;

    /// <summary>Moves the cursor past a candidate that changed nothing (rejected, or already the chain).</summary>
    public void Advance(long next) => store.Advance((Name, next));

    public void Applying(AppliedBlock block, SqliteTransaction transaction) =>
        BlockStore.WriteCursor(transaction, Name, block.Accepted.NextCandidateOffset);

    public void Applied(AppliedBlock block)
    {
        // Nothing in memory: the cursor lives in the store.
    }
}
