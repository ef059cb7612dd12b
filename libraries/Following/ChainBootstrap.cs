using System.Diagnostics;
using AspireChain.Ledger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspireChain.Following;

/// <summary>
/// Where a follower's chain comes from and how its store stays bounded: rebuilt from the store at start, seeded from a
/// verified snapshot when the broker no longer holds the store's position, and the store's base moved to the tip every
/// so often (pruning history where the service keeps none).
/// </summary>
public sealed partial class ChainBootstrap(
    FollowedChain chain,
    BlockStore store,
    IAppliedBlockHandler handler,
    SnapshotSource snapshots,
    FollowerStatus status,
    FollowingTelemetry telemetry,
    IOptions<FollowingOptions> options,
    ILogger<ChainBootstrap> logger)
{
    // Blocks between two moves of an archive's base: what a restart replays at most.
    private const ulong BaseInterval = 256;
    private readonly FollowingOptions _options = options.Value;
    private ulong _storeBase;

    /// <summary>True while the store holds nothing of a chain (read at start; false once it joined or applied anything).</summary>
    public bool IsFreshStore { get; private set; } = store.IsEmpty;

    /// <summary>
    /// Rebuilds the chain from the store's base and the blocks after it (every rule again but transfer signatures:
    /// they were checked before storing); a reason when the store cannot be used.
    /// </summary>
    public string? Restore()
    {
        if (store.ReadBase() is { } stored)
        {
            // The state the store starts from (a snapshot it joined from, or where its bounded history begins).
            if (!ChainSnapshot.TryRead(stored.Snapshot, out var start, out var unreadable) || !(unreadable = start.Check(chain.Network)).IsValid)
            {
                return $"the store's base state is unusable ({unreadable}); delete {store.Path} to join again";
            }

            chain.Reset(new Ledger.Chain(chain.Network, start));
            _storeBase = start.Height;
            if (stored.JoinedHeight is { } joined)
            {
                status.Joined((ulong)joined);
            }
        }

        var envelopes = store.ReadBlocks(_storeBase);
        var restored = chain.Write(c =>
        {
            var count = 0;
            foreach (var envelope in envelopes)
            {
                if (!BlockStore.TryReadEnvelope(envelope, out var accepted, out var error))
                {
                    return (count, $"the store's block at height {c.Height + 1} is unreadable ({error}); delete {store.Path} to follow blocks from the start");
                }

                if (accepted.Height <= c.Height)
                {
                    continue; // History kept below the base: already reflected in its state.
                }

                var result = c.TryAppend(accepted.Block, accepted.Block.Header.Timestamp, SignatureVerification.None);
                if (!result.IsValid)
                {
                    return (count, $"the store's block {accepted.Height} {accepted.Hash} does not extend its chain ({result}); is it another network's? Delete {store.Path} to follow blocks from the start");
                }

                count++;
            }

            return (count, (string?)null);
        });
        status.Restored(restored.count);
        LogRestored(logger, restored.count, chain.Height);
        return restored.Item2;
    }

    /// <summary>Seeds store and chain from the newest verifiable snapshot; false (and waiting reported) while there is none.</summary>
    public bool JoinFromSnapshot(long low, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        var found = snapshots.FindNewest(low, fault =>
        {
            store.RecordFault(fault, null);
            status.Fault(fault);
            telemetry.Fault(fault);
            LogSnapshotRefused(logger, fault.Offset, fault.Reason, fault.Detail);
        }, stoppingToken);
        if (found is not { } joined)
        {
            var reason = $"blocks now starts at offset {low}";
            if (status.WaitingForSnapshot != reason)
            {
                LogWaitingForSnapshot(logger, low);
            }

            // Not stopped for good any more: waiting for a snapshot (Degraded, "syncing"), not a halt.
            status.Resume();
            status.AwaitingSnapshot(reason);
            return false;
        }

        var (snapshot, manifest) = joined;
        var seeded = new Ledger.Chain(chain.Network, snapshot);
        store.Seed(snapshot, manifest.BlocksOffset, transaction => handler.Seeding(snapshot, manifest.BlocksOffset, transaction));
        chain.Reset(seeded);
        _storeBase = snapshot.Height;
        IsFreshStore = false;
        status.Joined(snapshot.Height);
        telemetry.SnapshotsJoined.Add(1);
        LogJoined(logger, snapshot.Height, manifest.TipHash.ToString(), snapshot.Accounts.Count, manifest.TotalBytes, manifest.BlocksOffset,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return true;
    }

    /// <summary>
    /// Moves the store's base to the tip every so often, so a restart replays a bounded number of blocks, and bounds the
    /// history the store keeps (Following:KeepBlocks; 0 keeps it all). Memory needs no such step: the chain holds its
    /// recent window only, whatever the store keeps.
    /// </summary>
    public void MaybePrune()
    {
        var keep = (ulong)Math.Max(0, _options.KeepBlocks);
        // With a bound, in steps of half of it, so the base is rewritten every keep/2 blocks rather than every block.
        var step = keep == 0 ? BaseInterval : Math.Max(1, keep / 2);
        chain.Write(c =>
        {
            if (c.Height < _storeBase + keep + step)
            {
                return 0;
            }

            var keepFrom = keep == 0 ? 0 : c.Height + 1 - keep;
            var deleted = store.Prune(c.ToSnapshot(), keepFrom);
            _storeBase = c.Height;
            LogPruned(logger, deleted, keepFrom);
            return deleted;
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Count} block(s) from the store (tip {Height})")]
    private static partial void LogRestored(ILogger logger, int count, ulong height);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused the snapshot record at snapshots offset {Offset}: {Reason} {Detail}")]
    private static partial void LogSnapshotRefused(ILogger logger, long? offset, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "blocks now starts at offset {Low}, after this store's position: waiting for a verifiable snapshot to join from")]
    private static partial void LogWaitingForSnapshot(ILogger logger, long low);

    [LoggerMessage(Level = LogLevel.Information, Message = "Joined from snapshot {Height} {Hash}: {Accounts} accounts, {Bytes} bytes; following blocks from offset {Offset} ({Ms:F0} ms)")]
    private static partial void LogJoined(ILogger logger, ulong height, string hash, int accounts, long bytes, long offset, double ms);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pruned {Count} stored block(s) below height {KeepFrom}")]
    private static partial void LogPruned(ILogger logger, int count, ulong keepFrom);
}
