using System.ComponentModel.DataAnnotations;
using AspireChain.ServiceDefaults;

namespace AspireChain.Miner.Options;

/// <summary>How a miner replica cuts and mines blocks; bound from the <c>Miner</c> configuration section.</summary>
public sealed class MinerOptions : IInstanceOptions
{
    public const string SectionName = "Miner";

    /// <summary>Nonce-search threads. Default 1: the machine is shared with every other service.</summary>
    [Range(1, 64)]
    public int Threads { get; set; } = 1;

    /// <summary>A template this full is mined at once (the block-cutting size).</summary>
    [Range(1, 100_000)]
    public int MaxBlockTransactions { get; set; } = 5_000;

    /// <summary>
    /// A template that is not full is cut once its oldest minable transfer has waited this long (counted from the
    /// transfer, so a replica whose transfers lost races cuts before the one that just won); empty blocks, when
    /// allowed, this long after the tip moved.
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Whether a block with only a coinbase may be mined when <see cref="MaxWait"/> expires. Default false:
    /// an idle chain stays idle (no reward inflation, no noise on <c>candidates</c>); <c>POST /mine</c> still forces one.
    /// </summary>
    public bool AllowEmptyBlocks { get; set; }

    /// <summary>
    /// How long to wait for the tip to move after publishing a candidate before trying again at the same height
    /// (the candidate may have been rejected or lost).
    /// </summary>
    public TimeSpan CandidateTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Reward address (hex). Empty: derived from the instance id, so each replica has its own.</summary>
    public string? RewardAddress { get; set; }

    /// <summary>SQLite file holding this replica's copy of the chain and its <c>blocks</c> offset; empty: <c>miner.db</c> in the instance's data directory.</summary>
    public string? DataPath { get; set; }

    /// <summary>Replica name; empty: the service name joined with <c>service.instance.id</c> from <c>OTEL_RESOURCE_ATTRIBUTES</c>.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Upper bound on transactions held across the assigned partitions; beyond it the feed pauses.</summary>
    [Range(1, 10_000_000)]
    public int MaxMempoolTransactions { get; set; } = 100_000;

    /// <summary>
    /// How long a transaction may wait behind a nonce gap (an earlier nonce never arrived, or was rejected) before it is
    /// rejected as <c>bad-nonce</c>: without a limit it would hold its partition's committed offset back for ever.
    /// </summary>
    public TimeSpan MaxGapWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a transaction the miner's view of the chain cannot fund is held (out of templates) before it is rejected
    /// as <c>insufficient-funds</c>: <c>transactions</c> and <c>blocks</c> are separate topics, so a transfer can arrive
    /// before this miner has applied the block that funds it. Rejecting at once would refuse a valid transfer for good.
    /// </summary>
    public TimeSpan FundsGrace { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Admission: a transaction whose nonce is more than this far ahead of its sender's next nonce is refused at once
    /// (<c>bad-nonce</c>) instead of waiting <see cref="MaxGapWait"/> for nonces that may never come.
    /// </summary>
    [Range(1, 1_000_000)]
    public int NonceWindow { get; set; } = 1_000;

    /// <summary>Admission: most transactions one sender may have pending here; more are refused at once (<c>too-many-pending</c>).</summary>
    [Range(1, 10_000_000)]
    public int MaxPendingPerSender { get; set; } = 1_000;

    /// <summary>How often held transactions are re-checked against the chain (released or, after <see cref="FundsGrace"/>, rejected) and nonce gaps expired.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often consumed-and-settled offsets are committed to the <c>miners</c> group.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The bearer token <c>POST /mine</c> requires (<c>Authorization: Bearer …</c>) whenever it is set. Secret. Outside
    /// Development <c>POST /mine</c> is refused while it is unset; in Development an unset token leaves it open to JSON
    /// requests.
    /// </summary>
    public string? OperatorToken { get; set; }
}
