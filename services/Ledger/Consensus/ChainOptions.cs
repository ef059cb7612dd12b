namespace AspireChain.Ledger;

/// <summary>
/// The configuration section <c>Chain</c> (e.g. <c>Chain__Network=test</c>): a preset name plus optional overrides.
/// Every service binds it and calls <see cref="NetworkParameters.From(ChainOptions)"/>, so all compute the same genesis.
/// </summary>
public sealed class ChainOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Chain";

    /// <summary><c>dev</c> (fast blocks, retargeting) or <c>test</c> (trivial difficulty, no retargeting).</summary>
    public string Network { get; set; } = "dev";

    /// <summary>Overrides the target block time (milliseconds).</summary>
    public long? TargetBlockTimeMs { get; set; }

    /// <summary>Overrides the retarget interval K in blocks (0 disables retargeting).</summary>
    public int? RetargetInterval { get; set; }

    /// <summary>Overrides the initial target, as compact bits in hex (e.g. <c>1e040000</c>).</summary>
    public string? InitialTarget { get; set; }

    /// <summary>Overrides the initial target by expected hashes per block (ignored when <see cref="InitialTarget"/> is set).</summary>
    public double? InitialExpectedAttempts { get; set; }

    /// <summary>Overrides the dev faucet's premine (smallest units).</summary>
    public ulong? PremineAmount { get; set; }

    /// <summary>Overrides the block subsidy (smallest units).</summary>
    public ulong? BlockSubsidy { get; set; }

    /// <summary>Overrides the maximum transactions per block (coinbase included).</summary>
    public int? MaxBlockTransactions { get; set; }
}
