using AspireChain.Ledger;
using AspireChain.Miner.Mining;
using AspireChain.Miner.Options;
using AspireChain.Miner.Pool;
using AspireChain.Miner.Telemetry;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AspireChain.Miner.Following;

/// <summary>
/// Follows <c>blocks</c> (every replica reads all of it: publish-subscribe) into the local chain, drops what each block
/// confirmed from the mempool, rejects what it made impossible, and scores this replica's own candidates.
/// </summary>
internal sealed partial class BlockFeed(
    KafkaClientFactory factory,
    FollowedChain chain,
    MinerBlockStore store,
    PartitionedMempool pool,
    TransactionRejections rejections,
    PublishedCandidates published,
    MinerTelemetry telemetry,
    IOptions<MinerOptions> options,
    ILogger<BlockFeed> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        // Assigned, not subscribed: nothing to balance (everyone reads everything) and no group join delay. The group id
        // is only required by the client; nothing is ever committed.
        var group = $"miner-blocks-{MinerIdentity.InstanceId(options.Value)}-{Guid.NewGuid():N}";
        using var consumer = factory.CreateConsumer(group, "blocks", config =>
        {
            config.EnablePartitionEof = true;
            // A stored offset the broker no longer holds is a gap to report, never something to skip silently (rule 5).
            config.AutoOffsetReset = AutoOffsetReset.Error;
        });
        var resumeAt = Restore(stoppingToken);
        consumer.Assign(new TopicPartitionOffset(Topics.Blocks, 0, resumeAt));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ConsumeResult<string, byte[]>? result;
                try
                {
                    result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                }
                catch (ConsumeException e) when (e.Error.Code == ErrorCode.Local_AutoOffsetReset)
                {
                    // Retention dropped blocks this replica never saw: it cannot extend its chain, so it stops following.
                    LogGap(logger, resumeAt.Value, e.Error.Reason);
                    chain.MarkGap(e.Error.Reason);
                    return;
                }

                if (result is { IsPartitionEOF: true })
                {
                    chain.MarkCaughtUp();
                }
                else if (result is { Message: not null })
                {
                    Follow(result, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            consumer.Close();
        }
    }

    private void Follow(ConsumeResult<string, byte[]> result, CancellationToken cancellationToken)
    {
        if (!Block.TryParseJson(result.Message.Value, out var block, out var error))
        {
            LogUnreadable(logger, result.Offset.Value, error.ToString());
            return;
        }

        if (chain.Contains(block.Hash))
        {
            return; // A redelivery: de-duplicated by content (rule 3).
        }

        using var activity = KafkaTracing.StartProcessActivity(result, source: MinerTelemetry.Source);
        activity?.SetTag("aspirechain.block.height", block.Height);
        activity?.SetTag("aspirechain.block.hash", block.Hash.ToString());
        if (!Apply(block, cancellationToken))
        {
            return;
        }

        store.Append(block.Height, block.Hash.ToString(), result.Message.Value, result.Offset.Value + 1);
        switch (published.Resolve(block))
        {
            case PublishedCandidates.Outcome.Won:
                telemetry.BlocksAccepted.Add(1);
                break;
            case PublishedCandidates.Outcome.Lost:
                telemetry.BlocksStale.Add(1);
                break;
        }

        LogFollowed(logger, block.Height, block.Hash.ToString(), block.Transactions.Count);
    }

    // Rebuilds the chain from this replica's own store and says where in `blocks` to continue.
    private Offset Restore(CancellationToken cancellationToken)
    {
        var restored = 0;
        foreach (var json in store.ReadBlocks())
        {
            if (!Block.TryParseJson(json, out var block, out var error) || !Apply(block, cancellationToken))
            {
                throw new InvalidOperationException($"The miner's block store at height {chain.Height + 1} is unreadable or does not extend its chain ({error}); delete it to re-read blocks.");
            }

            restored++;
        }

        var next = store.NextOffset;
        chain.MarkRestored(restored, next ?? 0);
        LogRestored(logger, restored, chain.Height, next ?? 0);
        return next is { } offset ? new Offset(offset) : Offset.Beginning;
    }

    // Appends an accepted block to the local chain and settles the mempool against it.
    private bool Apply(Block block, CancellationToken cancellationToken)
    {
        var appended = chain.Append(block);
        if (!appended.IsValid)
        {
            // The Validator accepted it, so either we are out of step (a gap) or the topic forked: both need a human.
            LogNotAppended(logger, block.Height, block.Hash.ToString(), appended.ToString());
            return false;
        }

        var superseded = pool.Confirm(block, address => chain.Read(c => c.GetAccount(address).Nonce));
        foreach (var loser in superseded)
        {
            rejections.TryReject(
                loser,
                ValidationResult.Fail(RejectReason.BadNonce, $"nonce {loser.Transaction.Nonce} was used by another transaction in block {block.Height}"),
                cancellationToken);
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Count} block(s) from the store (tip {Height}); reading blocks from offset {Offset}")]
    private static partial void LogRestored(ILogger logger, int count, ulong height, long offset);

    [LoggerMessage(Level = LogLevel.Error, Message = "Blocks from offset {Offset} are gone from the topic ({Reason}): this replica cannot follow the chain")]
    private static partial void LogGap(ILogger logger, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unreadable block at offset {Offset}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Accepted block {Height} {Hash} does not extend the local chain: {Reason}")]
    private static partial void LogNotAppended(ILogger logger, ulong height, string hash, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tip is now {Height} {Hash} ({Count} transactions)")]
    private static partial void LogFollowed(ILogger logger, ulong height, string hash, int count);
}
