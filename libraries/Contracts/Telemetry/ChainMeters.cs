namespace AspireChain.Contracts.Telemetry;

/// <summary>
/// The names of every instrument the services create, <c>aspirechain.&lt;area&gt;.&lt;what&gt;</c>, so a dashboard or a test
/// finds a figure by one name. The meter each lives on is named in <see cref="ChainSources"/>.
/// </summary>
public static class ChainMeters
{
    // TransactionIngest (meter ChainSources.Ingest)

    /// <summary>Counter: transactions acknowledged by Kafka and answered 202.</summary>
    public const string IngestAccepted = "aspirechain.ingest.transactions.accepted";

    /// <summary>Counter: transactions refused at the edge, by <see cref="ChainAttributes.RejectionReason"/>.</summary>
    public const string IngestRejected = "aspirechain.ingest.transactions.rejected";

    /// <summary>Counter: valid transactions answered 503 (the broker did not acknowledge, or <c>backlog-full</c>), by <see cref="ChainAttributes.RejectionReason"/> when it is the backlog.</summary>
    public const string IngestUnavailable = "aspirechain.ingest.transactions.unavailable";

    /// <summary>Histogram: seconds from produce to the broker's acknowledgement.</summary>
    public const string IngestDeliveryDuration = "aspirechain.ingest.delivery.duration";

    /// <summary>Gauge: records of the worst <c>transactions</c> partition past the miners' committed offset.</summary>
    public const string IngestBacklog = "aspirechain.ingest.backlog";

    // Miner (meter ChainSources.Miner)

    /// <summary>Counter: nonces tried.</summary>
    public const string MinerAttempts = "aspirechain.miner.attempts";

    /// <summary>Counter: candidates found and published.</summary>
    public const string MinerBlocksMined = "aspirechain.miner.blocks.mined";

    /// <summary>Counter: own candidates that became the chain.</summary>
    public const string MinerBlocksAccepted = "aspirechain.miner.blocks.accepted";

    /// <summary>Counter: own candidates that lost the race for their height.</summary>
    public const string MinerBlocksStale = "aspirechain.miner.blocks.stale";

    /// <summary>Counter: transactions refused (rejection acknowledged), by <see cref="ChainAttributes.RejectionReason"/>.</summary>
    public const string MinerTransactionsRejected = "aspirechain.miner.transactions.rejected";

    /// <summary>Counter: rejections that failed to publish and were queued again.</summary>
    public const string MinerRejectionsRetried = "aspirechain.miner.rejections.retried";

    /// <summary>
    /// Counter: transfers read from <c>transactions</c>, by how the signature was checked
    /// (<see cref="ChainAttributes.SignatureCheck"/>: <c>attested</c> by ingest's tag, or <c>verified</c> here).
    /// </summary>
    public const string MinerSignaturesChecked = "aspirechain.miner.signatures.checked";

    /// <summary>Gauge: hash rate of the last search.</summary>
    public const string MinerHashRate = "aspirechain.miner.hash_rate";

    /// <summary>Gauge: pending transactions on the owned partitions.</summary>
    public const string MinerMempoolSize = "aspirechain.miner.mempool.size";

    /// <summary>Gauge: transactions held back until their sender can pay them.</summary>
    public const string MinerMempoolHeld = "aspirechain.miner.mempool.held";

    /// <summary>Gauge: rejections queued or in flight, not yet acknowledged.</summary>
    public const string MinerRejectionsWaiting = "aspirechain.miner.rejections.waiting";

    // Validator (meter ChainSources.Validator)

    /// <summary>Counter: candidates accepted and published to blocks.</summary>
    public const string ValidatorAccepted = "aspirechain.validator.blocks.accepted";

    /// <summary>
    /// Counter: transfers in candidates whose signatures the Validator checked, by how
    /// (<see cref="ChainAttributes.SignatureCheck"/>: <c>attested</c> by ingest's validators' tag, or <c>verified</c>).
    /// </summary>
    public const string ValidatorSignaturesChecked = "aspirechain.validator.signatures.checked";

    /// <summary>Counter: candidates for a height that already had a block.</summary>
    public const string ValidatorStale = "aspirechain.validator.blocks.stale";

    /// <summary>Counter: candidates breaking a rule, by <see cref="ChainAttributes.RejectionReason"/>.</summary>
    public const string ValidatorInvalid = "aspirechain.validator.blocks.invalid";

    /// <summary>Histogram: seconds to fully validate one candidate.</summary>
    public const string ValidatorValidationDuration = "aspirechain.validator.validation.duration";

    // The shared blocks follower (meter ChainSources.Following)

    /// <summary>Counter: records read from blocks.</summary>
    public const string FollowingRecordsRead = "aspirechain.following.records.read";

    /// <summary>Counter: blocks verified and applied.</summary>
    public const string FollowingApplied = "aspirechain.following.blocks.applied";

    /// <summary>Counter: records of a block already held.</summary>
    public const string FollowingDuplicates = "aspirechain.following.blocks.duplicate";

    /// <summary>Counter: records not applied, by <see cref="ChainAttributes.FaultKind"/> and <see cref="ChainAttributes.FaultReason"/>.</summary>
    public const string FollowingFaults = "aspirechain.following.faults";

    /// <summary>Histogram: seconds to verify and apply one block, store included.</summary>
    public const string FollowingApplyDuration = "aspirechain.following.apply.duration";

    /// <summary>Gauge: records on blocks not yet read.</summary>
    public const string FollowingLag = "aspirechain.following.lag";

    /// <summary>Gauge: height of the followed tip.</summary>
    public const string FollowingHeight = "aspirechain.following.height";

    /// <summary>Gauge: 1 while following is stopped at a gap or a lost offset.</summary>
    public const string FollowingHalted = "aspirechain.following.halted";

    /// <summary>Counter: records read from <c>snapshots</c> while looking for a snapshot to join from (manifests scanned, chunks fetched).</summary>
    public const string FollowingSnapshotRecordsRead = "aspirechain.following.snapshot.records.read";

    /// <summary>Up-down counter: bytes held for the snapshot being assembled (at most <c>Following:MaxSnapshotBytes</c>).</summary>
    public const string FollowingSnapshotBuffered = "aspirechain.following.snapshot.buffered";

    // The chain's figures, from ChainQuery's read model (meter ChainSources.Chain)

    /// <summary>Gauge: height of the stored tip.</summary>
    public const string ChainHeight = "aspirechain.chain.height";

    /// <summary>Counter: transfers confirmed (coinbases excluded); its rate is the chain's throughput in tx/s.</summary>
    public const string ChainTransactionsConfirmed = "aspirechain.chain.transactions.confirmed";

    /// <summary>Counter: blocks applied to the read model.</summary>
    public const string ChainBlocksApplied = "aspirechain.chain.blocks.applied";

    /// <summary>Counter: candidates rejected as stale.</summary>
    public const string ChainCandidatesStale = "aspirechain.chain.candidates.stale";

    /// <summary>Counter: candidates rejected as invalid, by <see cref="ChainAttributes.RejectionReason"/>.</summary>
    public const string ChainCandidatesRejected = "aspirechain.chain.candidates.rejected";

    /// <summary>Histogram: seconds between a block's header timestamp and its predecessor's.</summary>
    public const string ChainBlockInterval = "aspirechain.chain.block.interval";

    /// <summary>Gauge: estimated network hash rate over the recent block window.</summary>
    public const string ChainHashRate = "aspirechain.chain.hash_rate";

    /// <summary>Histogram: seconds from a transfer's submission record to the block confirming it being applied.</summary>
    public const string ChainConfirmationDuration = "aspirechain.chain.transaction.confirmation.duration";
}
