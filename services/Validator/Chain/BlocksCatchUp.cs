using System.Globalization;
using System.Text;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AspireChain.Validator.Chain;

/// <summary>
/// Reads <c>blocks</c> from the stored offset to its end before judging candidates, so a validator taking over from
/// another never publishes a second block for a height that is already on the topic (fail-over safety).
/// </summary>
internal sealed partial class BlocksCatchUp(KafkaClientFactory factory, ValidatorChain chain, ILogger<BlocksCatchUp> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Applies every block published since the stored offset; returns how many extended the chain.</summary>
    public int Run(CancellationToken cancellationToken)
    {
        // Assigned, never committed: the group id is only required by the client.
        // End-of-partition events, because the high watermark counts transaction markers that are never delivered.
        using var consumer = factory.CreateConsumer($"validator-catchup-{Guid.NewGuid():N}", "blocks-catchup", config => config.EnablePartitionEof = true);
        var partition = new TopicPartition(Topics.Blocks, 0);
        var watermarks = consumer.QueryWatermarkOffsets(partition, Timeout);
        var from = chain.NextBlocksOffset;
        if (from >= watermarks.High.Value)
        {
            return 0;
        }

        if (from < watermarks.Low.Value)
        {
            // Retention (or the mock's 5 MiB cap) dropped blocks this store never saw: say so; linkage checks catch the rest.
            LogGap(logger, from, watermarks.Low.Value);
            from = watermarks.Low.Value;
        }

        consumer.Assign(new TopicPartitionOffset(partition, from));
        var applied = 0;
        var deadline = DateTime.UtcNow + Timeout;
        var position = from;
        try
        {
            while (position < watermarks.High.Value && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is { IsPartitionEOF: true } && result.Offset.Value >= watermarks.High.Value)
                {
                    position = result.Offset.Value;
                    break;
                }

                if (result is not { IsPartitionEOF: false, Message: not null })
                {
                    continue;
                }

                position = result.Offset.Value + 1;
                if (Apply(result))
                {
                    applied++;
                }
            }
        }
        finally
        {
            consumer.Close();
        }

        if (position < watermarks.High.Value)
        {
            LogIncomplete(logger, position, watermarks.High.Value);
        }

        LogCaughtUp(logger, applied, chain.Tip.Height);
        return applied;
    }

    private bool Apply(ConsumeResult<string, byte[]> result)
    {
        var nextBlocks = result.Offset.Value + 1;
        // Range-checked and null-safe: a header anyone can write must not stop the catch-up.
        var nextCandidate = KafkaOffsetHeader.Read(result.Message.Headers, BlockHeaders.NextCandidateOffset);
        if (!Block.TryParseJson(result.Message.Value, out var block, out var error))
        {
            LogUnreadable(logger, result.Offset.Value, error.ToString());
            chain.Advance(null, nextBlocks);
            return false;
        }

        if (chain.Contains(block.Hash))
        {
            chain.Advance(nextCandidate, nextBlocks);
            return false;
        }

        // "now" = the block's own time: it was checked against the clock when it was accepted.
        var extended = chain.TryExtend(block, block.Header.Timestamp);
        if (!extended.IsValid)
        {
            // On real Kafka read_committed hides a fenced zombie's records; the mock shows them, so this is reported, not fatal.
            LogConflict(logger, block.Height, block.Hash.ToString(), extended.ToString());
            chain.Advance(null, nextBlocks);
            return false;
        }

        chain.Persist(block, nextCandidate, nextBlocks);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "blocks offsets {From}..{Low} were removed before this validator read them")]
    private static partial void LogGap(ILogger logger, long from, long low);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catch-up on blocks stopped at offset {Position} before the end {High}")]
    private static partial void LogIncomplete(ILogger logger, long position, long high);

    [LoggerMessage(Level = LogLevel.Information, Message = "Caught up on blocks: {Applied} block(s) from other validators, tip {Height}")]
    private static partial void LogCaughtUp(ILogger logger, int applied, ulong height);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unreadable block at blocks offset {Offset}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Block {Height} {Hash} on blocks does not extend this validator's chain: {Reason}")]
    private static partial void LogConflict(ILogger logger, ulong height, string hash, string reason);
}
