using AspireChain.Following;
using AspireChain.Miner.Producers;
using AspireChain.Miner.State;
using AspireChain.Miner.Telemetry;

namespace AspireChain.Miner.AppliedBlocks;

/// <summary>
/// The blocks follower's handler: hands each applied block to the <see cref="MinerState"/> (which drops what it
/// confirmed, refuses what it made impossible and scores this replica's own candidate), publishes those rejections and
/// counts the candidate won or stale.
/// </summary>
internal sealed partial class ChainSettlement(
    MinerState state,
    RejectionOutbox rejections,
    MinerTelemetry telemetry,
    ILogger<ChainSettlement> logger) : IAppliedBlockHandler
{
    public void Applied(AppliedBlock applied)
    {
        var block = applied.Block;
        var settlement = state.Settle(block);
        rejections.Enqueue(settlement.Rejections);
        switch (settlement.Candidate)
        {
            case PublishedCandidates.Outcome.Won:
                telemetry.BlocksAccepted.Add(1);
                break;
            case PublishedCandidates.Outcome.Lost:
                telemetry.BlocksStale.Add(1);
                break;
        }

        LogFollowed(logger, block.Height, block.Hash.ToString(), block.Transactions.Count, settlement.Rejections.Count);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tip is now {Height} {Hash} ({Count} transactions, {Superseded} pending ones superseded)")]
    private static partial void LogFollowed(ILogger logger, ulong height, string hash, int count, int superseded);
}
