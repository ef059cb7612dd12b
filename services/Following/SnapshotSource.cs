using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace AspireChain.Following;

/// <summary>
/// Finds the newest snapshot on <c>snapshots</c> that a node can trust: reads the partition from its start to its end
/// (the embedded broker does not compact and shows aborted records, so every record is judged, none assumed), keeps the
/// chunks by hash, and tries the manifests newest first: one is used only when its validator signature verifies against
/// a pinned key and the snapshot rebuilt from the chunks it names checks out (<see cref="SnapshotManifest.TryAssemble"/>:
/// no missing chunk, the recomputed state root equal to the one the tip header commits to). Each refused manifest or
/// unreadable record is reported once, with its reason.
/// </summary>
public sealed partial class SnapshotSource(KafkaClientFactory kafka, NetworkParameters network, ILogger<SnapshotSource> logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);
    private readonly HashSet<long> _reported = [];

    /// <summary>
    /// The newest verified snapshot whose <c>blocks</c> offset is at least <paramref name="minimumBlocksOffset"/> (still on
    /// the broker), or null when there is none yet; <paramref name="refused"/> hears of each record that cannot be used.
    /// </summary>
    public (ChainSnapshot Snapshot, SnapshotManifest Manifest)? FindNewest(long minimumBlocksOffset, Action<FollowFault> refused, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refused);
        var chunks = new Dictionary<Hash256, byte[]>();
        var manifests = new List<(long Offset, SnapshotManifest Manifest)>();
        using (var consumer = kafka.CreateConsumer($"aspirechain-snapshot-reader-{Guid.NewGuid():N}", "snapshots", config =>
        {
            config.AutoOffsetReset = AutoOffsetReset.Earliest;
            config.EnableAutoCommit = false;
            config.EnableAutoOffsetStore = false;
            config.EnablePartitionEof = true;
        }))
        {
            var partition = new TopicPartition(Topics.Snapshots, 0);
            var watermarks = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(5));
            if (watermarks.High.Value <= watermarks.Low.Value)
            {
                return null;
            }

            consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
            var deadline = DateTime.UtcNow + ReadTimeout;
            try
            {
                while (DateTime.UtcNow < deadline)
                {
                    var result = consumer.Consume(PollInterval);
                    cancellationToken.ThrowIfCancellationRequested();
                    if (result is null)
                    {
                        continue;
                    }

                    if (result.IsPartitionEOF)
                    {
                        if (result.Offset.Value >= watermarks.High.Value)
                        {
                            break;
                        }

                        continue;
                    }

                    if (!SnapshotMessage.TryParse(result.Message.Value, out var message, out var error))
                    {
                        Report(refused, result.Offset.Value, null, error);
                    }
                    else if (message.Manifest is { } manifest)
                    {
                        manifests.Add((result.Offset.Value, manifest));
                    }
                    else
                    {
                        chunks[Hash256.Compute(message.Payload)] = message.Payload!;
                    }
                }
            }
            finally
            {
                consumer.Close();
            }
        }

        foreach (var (offset, manifest) in manifests.OrderByDescending(m => m.Manifest.Height).ThenByDescending(m => m.Offset))
        {
            if (!manifest.TryAssemble(network, hash => chunks.GetValueOrDefault(hash), out var snapshot, out var error))
            {
                Report(refused, offset, manifest, error);
                continue;
            }

            if (manifest.BlocksOffset < minimumBlocksOffset)
            {
                // Verified but already behind what the broker holds of blocks: a newer one is needed.
                LogTooOld(manifest.Height, manifest.BlocksOffset, minimumBlocksOffset);
                return null;
            }

            return (snapshot, manifest);
        }

        return null;
    }

    private void Report(Action<FollowFault> refused, long offset, SnapshotManifest? manifest, ValidationResult error)
    {
        if (!_reported.Add(offset))
        {
            return;
        }

        var detail = $"snapshots offset {offset}: {error.Detail ?? error.Code}";
        refused(new FollowFault(FollowFault.SnapshotRefused, offset, manifest is null ? null : (long)manifest.Height,
            manifest?.TipHash.ToString(), error.Code, detail, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The newest verified snapshot ({Height}) starts blocks at offset {Offset}, below the broker's first {Low}: waiting for a newer one")]
    private partial void LogTooOld(ulong height, long offset, long low);
}
