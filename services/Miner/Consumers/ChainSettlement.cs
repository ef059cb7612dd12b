using AspireChain.Following;
using AspireChain.Ledger;
using AspireChain.Miner.Mining;
using AspireChain.Miner.Pool;
using AspireChain.Miner.Producers;
using AspireChain.Miner.Telemetry;

namespace AspireChain.Miner.Consumers;

/// <summary>
/// What a miner does with each block its follower applied: drops what the block confirmed from the mempool, rejects
/// what it made impossible (same sender and nonce, another id), and scores this replica's own candidate (won or stale).
/// </summary>
internal sealed partial class ChainSettlement(
    FollowedChain chain,
    PartitionedMempool pool,
    RejectionOutbox rejections,
    PublishedCandidates published,
    MinerTelemetry telemetry,
    ILogger<ChainSettlement> logger) : IAppliedBlockHandler
{
    public void Applied(AppliedBlock applied)
    {
        var block = applied.Block;
        var superseded = pool.Confirm(block, address => chain.Read(c => c.GetAccount(address).Nonce));
        foreach (var loser in superseded)
        {
            rejections.Reject(
                loser,
                ValidationResult.Fail(RejectReason.BadNonce, $"nonce {loser.Transaction.Nonce} was used by another transaction in block {block.Height}"));
        }

        switch (published.Resolve(block))
        {
            case PublishedCandidates.Outcome.Won:
                telemetry.BlocksAccepted.Add(1);
                break;
            case PublishedCandidates.Outcome.Lost:
                telemetry.BlocksStale.Add(1);
                break;
        }

        LogFollowed(logger, block.Height, block.Hash.ToString(), block.Transactions.Count, superseded.Count);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tip is now {Height} {Hash} ({Count} transactions, {Superseded} pending ones superseded)")]
    private static partial void LogFollowed(ILogger logger, ulong height, string hash, int count, int superseded);
}
