using AspireChain.Contracts.Messages;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspireChain.Following;

/// <summary>
/// Finds the newest snapshot on <c>snapshots</c> that a node can trust, holding no more than that snapshot. Manifests
/// first: it reads the topic keeping only sealed manifests whose seal verifies against a pinned key (a chunk's bytes are
/// never kept while scanning, a tombstone is skipped, anything unreadable is a fault), and remembers where it stopped, so
/// a waiting node reads only what was appended since. Then, newest first, it fetches exactly the records a verified
/// manifest names by offset, each checked against its signed hash as it comes (<see cref="SnapshotAssembly"/>), and uses
/// the snapshot only when it rebuilds and checks out (canonical, headers linking to the signed tip, the recomputed state
/// root equal to the tip header's). A manifest announcing more than <see cref="FollowingOptions.MaxSnapshotBytes"/> is
/// refused without fetching. Each refusal is reported once: a manifest refused (or a replay of it) is never tried again.
/// </summary>
public sealed partial class SnapshotSource(
    KafkaClientFactory kafka,
    NetworkParameters network,
    IOptions<FollowingOptions> options,
    FollowingTelemetry telemetry,
    ILogger<SnapshotSource> logger)
{
    /// <summary>Fault reason of a sealed manifest announcing more than <see cref="FollowingOptions.MaxSnapshotBytes"/>.</summary>
    public const string TooLarge = "snapshot-too-large";

    // Verified manifests kept waiting to be tried: the newest few (older ones are only a fallback).
    private const int MaxPending = 8;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly long _maxSnapshotBytes = options.Value.MaxSnapshotBytes;
    private readonly List<Candidate> _pending = [];
    // Sealed manifests already refused or found too old (by the hash of their bytes): a replay of one is not tried again.
    private readonly HashSet<Hash256> _settled = [];
    private long _next;
    private long _attempts;
    private long _recordsRead;
    private long _chunkRecordsSkipped;
    private long _chunksFetched;
    private long _bufferedBytes;
    private long _peakBufferedBytes;

    /// <summary>Calls of <see cref="FindNewest"/> so far.</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>Records read from <c>snapshots</c> so far (scanned for manifests, and fetched as chunks).</summary>
    public long RecordsRead => Interlocked.Read(ref _recordsRead);

    /// <summary>Chunk records passed over while scanning for manifests, their bytes not kept.</summary>
    public long ChunkRecordsSkipped => Interlocked.Read(ref _chunkRecordsSkipped);

    /// <summary>Chunk records fetched because a verified manifest named them.</summary>
    public long ChunksFetched => Interlocked.Read(ref _chunksFetched);

    /// <summary>Bytes held now for a snapshot being assembled.</summary>
    public long BufferedBytes => Interlocked.Read(ref _bufferedBytes);

    /// <summary>The most bytes ever held at once for a snapshot being assembled.</summary>
    public long PeakBufferedBytes => Interlocked.Read(ref _peakBufferedBytes);

    /// <summary>
    /// The newest verified snapshot whose <c>blocks</c> offset is at least <paramref name="minimumBlocksOffset"/> (still on
    /// the broker), or null when there is none yet; <paramref name="refused"/> hears of each record that cannot be used,
    /// once. Called by one thread at a time (the follower's).
    /// </summary>
    public (ChainSnapshot Snapshot, SnapshotManifest Manifest)? FindNewest(long minimumBlocksOffset, Action<FollowFault> refused, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refused);
        Interlocked.Increment(ref _attempts);
        using var consumer = SnapshotLog.CreateReader(kafka, "snapshot-reader");
        try
        {
            var from = _next;
            if (!SnapshotLog.ReadToEnd(consumer, ref _next, record => Scan(record, refused), ReadTimeout, cancellationToken))
            {
                LogReadIncomplete(from, _next);
            }

            return TryPending(consumer, minimumBlocksOffset, refused, cancellationToken);
        }
        catch (KafkaException e)
        {
            LogReadFailed(e.Error.Reason);
            return null;
        }
        finally
        {
            consumer.Close();
        }
    }

    // One record of the scan: a manifest is judged and kept if its seal verifies; nothing else is kept.
    private void Scan(ConsumeResult<string, byte[]> record, Action<FollowFault> refused)
    {
        CountRead();
        var offset = record.Offset.Value;
        if (record.Message.Value is null)
        {
            return; // A tombstone: a retired snapshot's key.
        }

        if (!SnapshotMessage.TryParse(record.Message.Key, record.Message.Value, out var message, out var error))
        {
            Report(refused, offset, null, error.Code, error.Detail ?? error.Code);
            return;
        }

        if (message.Manifest is not { } manifest)
        {
            Interlocked.Increment(ref _chunkRecordsSkipped);
            return;
        }

        var identity = Hash256.Compute(record.Message.Value);
        if (_settled.Contains(identity) || _pending.Exists(p => p.Identity == identity))
        {
            return; // A replay of a manifest already judged.
        }

        error = manifest.Verify(network);
        if (!error.IsValid)
        {
            Report(refused, offset, manifest, error.Code, error.Detail ?? error.Code);
            return;
        }

        if (manifest.TotalBytes > _maxSnapshotBytes)
        {
            _settled.Add(identity);
            Report(refused, offset, manifest, TooLarge,
                $"snapshot {manifest.Height} announces {manifest.TotalBytes} bytes, more than Following:MaxSnapshotBytes ({_maxSnapshotBytes}): not fetched");
            return;
        }

        if (manifest.ChunkOffsets.Count > 0 && manifest.ChunkOffsets[^1] >= offset)
        {
            _settled.Add(identity);
            error = ValidationResult.Fail(RejectReason.BadSnapshot, $"snapshot {manifest.Height} names chunks at or after its own offset {offset}");
            Report(refused, offset, manifest, error.Code, error.Detail!);
            return;
        }

        _pending.Add(new Candidate(offset, identity, manifest));
        _pending.Sort(static (a, b) => b.Manifest.Height != a.Manifest.Height ? b.Manifest.Height.CompareTo(a.Manifest.Height) : b.Offset.CompareTo(a.Offset));
        if (_pending.Count > MaxPending)
        {
            _pending.RemoveAt(_pending.Count - 1);
        }
    }

    // Tries the verified manifests newest first; a refused or too old one is dropped for good, one the broker did not answer for stays.
    private (ChainSnapshot, SnapshotManifest)? TryPending(IConsumer<string, byte[]> consumer, long minimumBlocksOffset, Action<FollowFault> refused, CancellationToken cancellationToken)
    {
        foreach (var candidate in _pending.ToList())
        {
            var manifest = candidate.Manifest;
            if (manifest.BlocksOffset < minimumBlocksOffset)
            {
                // Verified but already behind what the broker holds of blocks (which only moves on): a newer one is needed.
                LogTooOld(manifest.Height, manifest.BlocksOffset, minimumBlocksOffset);
                Settle(candidate);
                continue;
            }

            switch (Fetch(consumer, manifest, cancellationToken, out var snapshot, out var error))
            {
                case Outcome.Assembled:
                    return (snapshot!, manifest);
                case Outcome.Unanswered:
                    LogFetchUnanswered(manifest.Height, candidate.Offset);
                    return null;
                default:
                    Settle(candidate);
                    Report(refused, candidate.Offset, manifest, error.Code, error.Detail ?? error.Code);
                    break;
            }
        }

        return null;
    }

    // Reads exactly the records the manifest names, in order, into one buffer of the signed length.
    private Outcome Fetch(IConsumer<string, byte[]> consumer, SnapshotManifest manifest, CancellationToken cancellationToken,
        out ChainSnapshot? snapshot, out ValidationResult error)
    {
        snapshot = null;
        if (!SnapshotAssembly.TryStart(manifest, out var assembly, out error))
        {
            return Outcome.Refused;
        }

        Hold(assembly.BufferedBytes);
        try
        {
            var deadline = DateTime.UtcNow + ReadTimeout;
            var position = -1L;
            for (var i = 0; i < manifest.ChunkOffsets.Count; i++)
            {
                var offset = manifest.ChunkOffsets[i];
                if (position != offset)
                {
                    consumer.Assign(new TopicPartitionOffset(SnapshotLog.Partition, offset));
                }

                var record = NextRecord(consumer, deadline, cancellationToken);
                if (record is null)
                {
                    return Outcome.Unanswered;
                }

                var expected = SnapshotKey.ChunkOf(manifest.Height, manifest.Digest, i);
                if (record.IsPartitionEOF || record.Offset.Value != offset)
                {
                    error = ValidationResult.Fail(RejectReason.MissingChunk,
                        $"snapshot {manifest.Height}: chunk {i + 1} of {manifest.ChunkOffsets.Count} ({expected}) is no longer at snapshots offset {offset}");
                    return Outcome.Refused;
                }

                position = offset + 1;
                CountRead();
                Interlocked.Increment(ref _chunksFetched);
                if (record.Message.Value is null
                    || !SnapshotMessage.TryParse(record.Message.Key, record.Message.Value, out var message, out _)
                    || message.Manifest is not null || message.Key != expected)
                {
                    error = ValidationResult.Fail(RejectReason.MissingChunk,
                        $"snapshot {manifest.Height}: the record at snapshots offset {offset} is not chunk {i + 1} of {manifest.ChunkOffsets.Count} ({expected})");
                    return Outcome.Refused;
                }

                if (!assembly.TryAdd(message.Payload.Span, out error))
                {
                    return Outcome.Refused;
                }
            }

            return assembly.TryComplete(network, out snapshot, out error) ? Outcome.Assembled : Outcome.Refused;
        }
        finally
        {
            Hold(-assembly.BufferedBytes);
        }
    }

    // The next record or end-of-partition event at or after the assigned position; null when the broker did not answer in time.
    private static ConsumeResult<string, byte[]>? NextRecord(IConsumer<string, byte[]> consumer, DateTime deadline, CancellationToken cancellationToken)
    {
        while (DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(PollInterval);
            cancellationToken.ThrowIfCancellationRequested();
            if (result is not null)
            {
                return result;
            }
        }

        return null;
    }

    private void Settle(Candidate candidate)
    {
        _pending.Remove(candidate);
        _settled.Add(candidate.Identity);
    }

    private void CountRead()
    {
        Interlocked.Increment(ref _recordsRead);
        telemetry.SnapshotRecordsRead.Add(1);
    }

    private void Hold(long bytes)
    {
        var now = Interlocked.Add(ref _bufferedBytes, bytes);
        telemetry.SnapshotBuffered.Add(bytes);
        if (now > Interlocked.Read(ref _peakBufferedBytes))
        {
            Interlocked.Exchange(ref _peakBufferedBytes, now);
        }
    }

    private static void Report(Action<FollowFault> refused, long offset, SnapshotManifest? manifest, string code, string detail) =>
        refused(new FollowFault(FollowFault.SnapshotRefused, offset, manifest is null ? null : (long)manifest.Height,
            manifest?.TipHash.ToString(), code, $"snapshots offset {offset}: {detail}", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    [LoggerMessage(Level = LogLevel.Information, Message = "The newest verified snapshot ({Height}) starts blocks at offset {Offset}, below the broker's first {Low}: waiting for a newer one")]
    private partial void LogTooOld(ulong height, long offset, long low);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading snapshots from offset {From} did not reach its end (stopped at {Next}); going on from there next time")]
    private partial void LogReadIncomplete(long from, long next);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading snapshots failed: {Reason}; trying again later")]
    private partial void LogReadFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching the chunks of snapshot {Height} (manifest at offset {Offset}) got no answer in time; trying again later")]
    private partial void LogFetchUnanswered(ulong height, long offset);

    private enum Outcome
    {
        Assembled,
        Refused,
        Unanswered,
    }

    private sealed record Candidate(long Offset, Hash256 Identity, SnapshotManifest Manifest);
}
