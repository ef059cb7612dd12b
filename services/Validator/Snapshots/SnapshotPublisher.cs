using System.Diagnostics;
using System.Threading.Channels;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Following;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults.Kafka;
using AspireChain.Validator.Options;
using AspireChain.Validator.Telemetry;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using AspireChain.Validator.Identity;

namespace AspireChain.Validator.Snapshots;

/// <summary>
/// Publishes the active validator's state snapshots to <c>snapshots</c>: every <see cref="ValidatorOptions.SnapshotInterval"/>
/// blocks the state after the block just accepted is captured (while the chain is held) and handed here, then chunked and
/// written in one Kafka transaction of a producer of its own, so the candidate loop never waits for it: the chunks under
/// keys of their own snapshot (<see cref="SnapshotKey"/>), then the manifest sealed over the offsets the chunks landed at
/// (<see cref="SnapshotManifest"/>), then tombstones for every key of the snapshots it retires (all but the newest
/// <see cref="ValidatorOptions.SnapshotsKept"/>; <see cref="SnapshotRetention"/>, which learns at the first publish which
/// verified snapshots are already on the topic). A snapshot that fails to publish is dropped: the next interval's replaces it.
/// And when the broker no longer holds the <c>blocks</c> offset of the last snapshot published (nodes that lost their
/// place could not join from it, and if every miner lost it no block would come to trigger the next one), it publishes
/// the state at the tip at once, with the stored <c>blocks</c> cursor read before it (every record before the cursor is in
/// that state; records after it are at most duplicates for a node joining there).
/// </summary>
internal sealed partial class SnapshotPublisher(
    KafkaClientFactory factory,
    FollowedChain chain,
    BlockStore store,
    FollowerStatus following,
    ValidatorSigningKey signingKey,
    NetworkParameters network,
    ValidatorTelemetry telemetry,
    IOptions<ValidatorOptions> options,
    ILogger<SnapshotPublisher> logger) : BackgroundService
{
    private static readonly TimeSpan TransactionTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan EvictionCheckInterval = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan LearnTimeout = TimeSpan.FromSeconds(30);
    private readonly ValidatorOptions _options = options.Value;
    private readonly SnapshotRetention _retention = new(options.Value.SnapshotsKept);
    private bool _learned;
    private readonly Channel<Capture> _captures = Channel.CreateBounded<Capture>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>The newest snapshot published (height, bytes, capture and publish milliseconds); null before the first.</summary>
    public PublishedSnapshot? Last { get; private set; }

    /// <summary>
    /// Called with the chain held right after block <c>chain.Height</c> was committed at <c>blocks</c> offset
    /// <paramref name="nextBlocksOffset"/> − 1: captures the state when the height is on the interval.
    /// </summary>
    public void OfferAccepted(Ledger.Chain chain, long nextBlocksOffset)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var interval = (ulong)Math.Max(0, _options.SnapshotInterval);
        if (interval == 0 || chain.Height == 0 || chain.Height % interval != 0 || nextBlocksOffset <= 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var snapshot = chain.ToSnapshot();
        _captures.Writer.TryWrite(new Capture(snapshot, nextBlocksOffset, Stopwatch.GetElapsedTime(started)));
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => RunAsync(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        if (_options.SnapshotInterval <= 0)
        {
            return;
        }

        IProducer<string, byte[]>? producer = null;
        using var watermarks = factory.CreateConsumer($"aspirechain-snapshot-watermarks-{Guid.NewGuid():N}", "validator-snapshot-watermarks", config =>
        {
            config.EnableAutoCommit = false;
            config.EnableAutoOffsetStore = false;
        });
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Capture? capture;
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    wait.CancelAfter(EvictionCheckInterval);
                    try
                    {
                        capture = await _captures.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        capture = CaptureIfEvicted(watermarks);
                    }
                }

                if (capture is null)
                {
                    continue;
                }

                try
                {
                    producer ??= CreateProducer();
                    LearnLive(stoppingToken);
                    Publish(producer, capture, stoppingToken);
                }
                catch (Exception e) when (e is KafkaException or ProduceException<string, byte[]> or InvalidOperationException)
                {
                    LogPublishFailed(logger, e, capture.Snapshot.Height);
                    if (producer is not null && !TryAbort(producer))
                    {
                        producer.Dispose();
                        producer = null;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            producer?.Dispose();
        }
    }

    // The tip's state when the broker evicted the last snapshot's blocks offset (or there is none yet and blocks lost offset 0).
    private Capture? CaptureIfEvicted(IConsumer<string, byte[]> watermarks)
    {
        if (!following.CaughtUp.IsCompleted || following.Halted is not null)
        {
            return null;
        }

        long low;
        try
        {
            low = watermarks.QueryWatermarkOffsets(new TopicPartition(Topics.Blocks, 0), TimeSpan.FromSeconds(5)).Low.Value;
        }
        catch (KafkaException)
        {
            return null;
        }

        if (low <= 0 || (Last is { } last && last.BlocksOffset >= low))
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        // The cursor first: every record before it is already in the chain read next (the tip only grows).
        var cursor = store.ReadCursor(BlockStore.BlocksCursor) ?? 0;
        if (cursor < low)
        {
            return null;
        }

        var snapshot = chain.Read(c => c.Height == 0 ? null : c.ToSnapshot());
        if (snapshot is null)
        {
            return null;
        }

        LogEvicted(logger, low, snapshot.Height, cursor);
        return new Capture(snapshot, cursor, Stopwatch.GetElapsedTime(started));
    }

    private IProducer<string, byte[]> CreateProducer()
    {
        // A transactional id of its own: snapshot transactions never interleave with the candidate loop's.
        var producer = factory.CreateProducer("validator-snapshots", config => config.TransactionalId = $"{_options.TransactionalId}-snapshots");
        producer.InitTransactions(TransactionTimeout);
        return producer;
    }

    // Once, before the first snapshot: the verified snapshots already on the topic (a predecessor's), so they get retired too.
    private void LearnLive(CancellationToken cancellationToken)
    {
        if (_learned)
        {
            return;
        }

        var found = new List<SnapshotManifest>();
        using var consumer = SnapshotLog.CreateReader(factory, "validator-snapshot-retention");
        long next = 0;
        var complete = SnapshotLog.ReadToEnd(consumer, ref next, record =>
        {
            // Only a manifest whose seal verifies makes a snapshot live: junk keys are never tombstoned, never kept.
            if (record.Message.Value is not null
                && SnapshotMessage.TryParse(record.Message.Key, record.Message.Value, out var message, out _)
                && message.Manifest is { } manifest && manifest.Verify(network).IsValid)
            {
                found.Add(manifest);
            }
        }, LearnTimeout, cancellationToken);
        consumer.Close();
        if (!complete)
        {
            LogLearnIncomplete(logger, next);
            return;
        }

        foreach (var manifest in found)
        {
            _retention.Add(manifest);
        }

        _learned = true;
        LogLearned(logger, found.Count, _retention.Live.Count);
    }

    private void Publish(IProducer<string, byte[]> producer, Capture capture, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var chunkBytes = Math.Clamp(_options.SnapshotChunkBytes, 1024, SnapshotMessage.MaxChunkBytes);
        var parts = SnapshotChunks.Split(capture.Snapshot, chunkBytes);
        var chunks = parts.Chunks;
        producer.BeginTransaction();
        var offsets = new long[chunks.Count];
        for (var i = 0; i < chunks.Count; i++)
        {
            var message = SnapshotMessage.Chunk(parts.Height, parts.Digest, i, chunks[i]).ToMessage();
            offsets[i] = producer.ProduceTracedAsync(Topics.Snapshots, message, cancellationToken).GetAwaiter().GetResult().Offset.Value;
        }

        // Sealed only now, over where each chunk landed: a joiner fetches exactly those records and nothing else.
        var manifest = SnapshotManifest.Sign(parts, offsets, capture.NextBlocksOffset, signingKey.Key, network);
        producer.ProduceTracedAsync(Topics.Snapshots, SnapshotMessage.Of(manifest).ToMessage(), cancellationToken).GetAwaiter().GetResult();
        var retiring = _retention.Retiring(manifest);
        var tombstones = retiring.SelectMany(r => r.Keys).Select(key => producer.ProduceTracedAsync(Topics.Snapshots, SnapshotMessage.Tombstone(key), cancellationToken)).ToArray();
        Task.WhenAll(tombstones).GetAwaiter().GetResult();
        producer.CommitTransaction(TransactionTimeout);
        _retention.Published(manifest);
        var publish = Stopwatch.GetElapsedTime(started);
        var total = capture.Duration + publish;
        telemetry.SnapshotsPublished.Add(1);
        telemetry.SnapshotBytes.Record(manifest.TotalBytes);
        telemetry.SnapshotDuration.Record(total.TotalSeconds);
        Last = new PublishedSnapshot(manifest.Height, manifest.TotalBytes, chunks.Count, capture.Snapshot.Accounts.Count,
            capture.Duration.TotalMilliseconds, publish.TotalMilliseconds, manifest.BlocksOffset, retiring.Count);
        LogPublished(logger, manifest.Height, capture.Snapshot.Accounts.Count, manifest.TotalBytes, chunks.Count,
            capture.Duration.TotalMilliseconds, publish.TotalMilliseconds, manifest.BlocksOffset, retiring.Count, tombstones.Length);
    }

    private bool TryAbort(IProducer<string, byte[]> producer)
    {
        try
        {
            producer.AbortTransaction(TransactionTimeout);
            return true;
        }
        catch (KafkaException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published snapshot {Height}: {Accounts} accounts, {Bytes} bytes in {Chunks} chunks (capture {CaptureMs:F1} ms, sign+publish {PublishMs:F1} ms), blocks from offset {Offset}; retired {Retired} older snapshots ({Tombstones} tombstones)")]
    private static partial void LogPublished(ILogger logger, ulong height, int accounts, long bytes, int chunks, double captureMs, double publishMs, long offset, int retired, int tombstones);

    [LoggerMessage(Level = LogLevel.Information, Message = "Found {Manifests} verified snapshot manifests on snapshots ({Live} snapshots): all but the newest kept are retired with the next snapshot")]
    private static partial void LogLearned(ILogger logger, int manifests, int live);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading snapshots for the snapshots already there stopped at offset {Next}; trying again before the next snapshot")]
    private static partial void LogLearnIncomplete(ILogger logger, long next);

    [LoggerMessage(Level = LogLevel.Warning, Message = "blocks now starts at offset {Low}, after the last snapshot's: publishing the state at tip {Height} now (blocks from offset {Cursor})")]
    private static partial void LogEvicted(ILogger logger, long low, ulong height, long cursor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing snapshot {Height} failed; the next interval's replaces it")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, ulong height);

    private sealed record Capture(ChainSnapshot Snapshot, long NextBlocksOffset, TimeSpan Duration);
}
