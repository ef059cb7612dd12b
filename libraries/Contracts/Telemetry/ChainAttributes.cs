namespace AspireChain.Contracts.Telemetry;

/// <summary>
/// The attribute keys our spans and instruments carry, one key per idea in every service (a block's height is
/// <see cref="BlockHeight"/> whether the Miner, the Validator or a follower reports it). The Kafka spans also carry the
/// OpenTelemetry <c>messaging.*</c> attributes, which keep their standard names.
/// </summary>
public static class ChainAttributes
{
    /// <summary>Block height.</summary>
    public const string BlockHeight = "aspirechain.block.height";

    /// <summary>Block hash, hex.</summary>
    public const string BlockHash = "aspirechain.block.hash";

    /// <summary>Transactions in the block, coinbase included.</summary>
    public const string BlockTransactionCount = "aspirechain.block.tx_count";

    /// <summary>Expected hashes to find the block (its target's difficulty).</summary>
    public const string BlockDifficulty = "aspirechain.block.difficulty";

    /// <summary>The block's target, hex.</summary>
    public const string BlockTarget = "aspirechain.block.target";

    /// <summary>The block's reward address.</summary>
    public const string BlockMiner = "aspirechain.block.miner";

    /// <summary>
    /// What became of a block at this step: the Validator's <c>accepted</c> or reject code, a follower's <c>applied</c>,
    /// <c>duplicate</c> or fault kind. The one "outcome" attribute of block spans.
    /// </summary>
    public const string BlockVerdict = "aspirechain.block.verdict";

    /// <summary>True when the candidate lost the race for its height.</summary>
    public const string BlockStale = "aspirechain.block.stale";

    /// <summary>The miner replica's name.</summary>
    public const string MinerInstance = "aspirechain.miner.instance";

    /// <summary>Hashes a nonce search tried.</summary>
    public const string ProofOfWorkAttempts = "aspirechain.pow.attempts";

    /// <summary>Hashes per second of a nonce search.</summary>
    public const string ProofOfWorkHashRate = "aspirechain.pow.hash_rate";

    /// <summary>How a nonce search ended (found, cancelled, exhausted).</summary>
    public const string ProofOfWorkOutcome = "aspirechain.pow.outcome";

    /// <summary>Transaction id, hex.</summary>
    public const string TransactionId = "aspirechain.transaction.id";

    /// <summary>The sender's address, hex.</summary>
    public const string TransactionSender = "aspirechain.transaction.sender";

    /// <summary>A reject code (kebab-case, e.g. <c>bad-nonce</c>), on spans and on every rejection counter.</summary>
    public const string RejectionReason = "aspirechain.rejection.reason";

    /// <summary>How a miner or the Validator checked a transfer's signature: <c>attested</c> (ingest's valid tag) or <c>verified</c> (ECDSA, here).</summary>
    public const string SignatureCheck = "aspirechain.signature.check";

    /// <summary>Which attempt at publishing a rejection this is.</summary>
    public const string RejectionAttempt = "aspirechain.rejection.attempt";

    /// <summary>Transactions in a batch request.</summary>
    public const string BatchSize = "aspirechain.batch.size";

    /// <summary>Transactions of a batch acknowledged by the broker.</summary>
    public const string BatchAccepted = "aspirechain.batch.accepted";

    /// <summary>Valid transactions of a batch the broker did not acknowledge.</summary>
    public const string BatchUnavailable = "aspirechain.batch.unavailable";

    /// <summary>The kind of a follower fault (refused, conflict, gap, offset-out-of-range).</summary>
    public const string FaultKind = "aspirechain.fault.kind";

    /// <summary>The reason code of a follower fault.</summary>
    public const string FaultReason = "aspirechain.fault.reason";
}
