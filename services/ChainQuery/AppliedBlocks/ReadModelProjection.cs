using System.Text;
using AspireChain.ChainQuery.Live;
using AspireChain.ChainQuery.Storage;
using AspireChain.ChainQuery.Telemetry;
using AspireChain.Contracts.Messages;
using AspireChain.Following;
using AspireChain.Ledger;
using Microsoft.Data.Sqlite;

namespace AspireChain.ChainQuery.AppliedBlocks;

/// <summary>
/// What ChainQuery does with each block the shared follower verified: writes the read model (blocks, transactions,
/// accounts, lifecycle) inside the follower's own SQLite transaction, so the read model, the followed chain and the
/// <c>blocks</c> cursor commit together; then announces it (live feed, chain metrics). Before following it stores the
/// computed genesis, and refuses a store built for another network or out of step with its followed chain.
/// </summary>
public sealed partial class ReadModelProjection(
    ReadModelWriter writer,
    ReadModelQueries queries,
    NetworkParameters network,
    LiveBlockStream feed,
    ChainMetrics metrics,
    ILogger<ReadModelProjection> logger) : IAppliedBlockHandler
{
    // Handed from Applying to Applied: both run on the follower's thread, one block after the other.
    private (StoredBlock Block, BlockApplication Application)? _applying;

    /// <inheritdoc />
    public string? Prepare(FollowedChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var genesis = Genesis.Create(network);
        var storedGenesis = writer.HashAt(0);
        if (storedGenesis is null)
        {
            writer.ApplyGenesis(BlockProjection.ToStored(genesis));
            metrics.Refresh();
        }
        else if (storedGenesis != genesis.Hash.ToString())
        {
            return $"the store's genesis {storedGenesis} is not this network's ({network.Name}) genesis {genesis.Hash}";
        }

        var tip = writer.Tip();
        // After joining from a snapshot the read model holds genesis, then blocks from the snapshot height + 1 on.
        var held = Math.Max(tip?.Height ?? -1, queries.SnapshotHeight() ?? -1);
        if (tip is not null && held != (long)chain.Height)
        {
            return $"the read model's tip {held} is not the followed chain's tip {chain.Height}: they are written together, so the store is damaged (delete it to rebuild from blocks)";
        }

        return null;
    }

    /// <inheritdoc />
    public void Seeding(ChainSnapshot snapshot, long nextBlocksOffset, SqliteTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ReadModelWriter.Seed(transaction, snapshot.Height, snapshot.Accounts);
        LogSeeded(logger, snapshot.Height, snapshot.Accounts.Count, nextBlocksOffset);
    }

    /// <inheritdoc />
    public void Applying(AppliedBlock block, SqliteTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (!BlockProjection.TryToStored(block.Block, out var stored))
        {
            // Supply keeps real amounts far below 2^63; a block the chain accepted with more cannot be shown, so following stops here.
            throw new InvalidOperationException($"block {block.Block.Height} holds an amount beyond the read model's 63-bit range");
        }

        var application = writer.Apply(
            transaction,
            stored,
            block.Offset,
            // Informational (display only); the Kafka timestamp is when the Validator committed it.
            BlockProvenance.Read(block.Headers),
            block.CommittedAtMs);
        _applying = (stored, application);
    }

    /// <inheritdoc />
    public void Applied(AppliedBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (_applying is not { } applied || applied.Block.Hash != block.Block.Hash.ToString())
        {
            return;
        }

        _applying = null;
        metrics.BlockApplied(applied.Block, applied.Application.ConfirmationSeconds);
        feed.Publish(BlockProjection.Summarize(applied.Block));
        LogApplied(logger, applied.Block.Height, applied.Block.Hash, applied.Block.TransactionCount, block.Offset);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Read model starts over from snapshot {Height} ({Accounts} accounts); blocks before it are not held locally, following from offset {Offset}")]
    private static partial void LogSeeded(ILogger logger, ulong height, int accounts, long offset);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Applied block {Height} {Hash} ({TxCount} txs) from offset {Offset} to the read model")]
    private static partial void LogApplied(ILogger logger, long height, string hash, int txCount, long offset);
}
