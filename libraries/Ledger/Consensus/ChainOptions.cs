namespace AspireChain.Ledger;

/// <summary>
/// The configuration section <c>Chain</c> (e.g. <c>Chain__Network=test</c>): a preset name plus optional overrides.
/// Every service binds it and calls <see cref="NetworkParameters.From(ChainOptions)"/>, so all compute the same genesis.
/// </summary>
public sealed class ChainOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Chain";

    /// <summary>The configuration key of <see cref="AllowPublicDevelopmentKeys"/>.</summary>
    public const string AllowPublicDevelopmentKeysKey = "Chain:AllowPublicDevelopmentKeys";

    /// <summary>
    /// <c>dev</c> (fast blocks, retargeting) or <c>test</c> (trivial difficulty, no retargeting), both with the public
    /// dev faucet and dev validator key; any other name is a network of its own that must configure
    /// <see cref="Allocations"/> and <see cref="ValidatorPublicKeys"/> (it starts from the dev timing). Unset means
    /// <c>dev</c>, which a host not running as Development refuses unless <see cref="AllowPublicDevelopmentKeys"/>.
    /// </summary>
    public string Network { get; set; } = "dev";

    /// <summary>
    /// Lets a host that is not running as Development use the dev or test preset anyway (their faucet and validator keys
    /// are public, so anyone can spend the premine and sign blocks); it warns at start. Off by default: such a host
    /// refuses to start instead.
    /// </summary>
    public bool AllowPublicDevelopmentKeys { get; set; }

    /// <summary>Chain id of a network other than dev and test; default: the first 4 bytes of SHA-256 of its name.</summary>
    public uint? ChainId { get; set; }

    /// <summary>
    /// The validator public keys (130 hex digits each, comma-separated) whose signature makes a block accepted. Required
    /// on any network but dev and test, which pin <see cref="DevValidator"/> unless this is set. The private key is given
    /// to the validator alone, never here.
    /// </summary>
    public string? ValidatorPublicKeys { get; set; }

    /// <summary>Genesis credits; required on any network but dev and test (which premine to the dev faucet unless this is set).</summary>
    public IList<GenesisAllocationOptions> Allocations { get; } = [];

    /// <summary>Overrides the target block time (milliseconds).</summary>
    public long? TargetBlockTimeMs { get; set; }

    /// <summary>Overrides the retarget interval K in blocks (0 disables retargeting).</summary>
    public int? RetargetInterval { get; set; }

    /// <summary>Overrides the initial target, as compact bits in hex (e.g. <c>1e040000</c>).</summary>
    public string? InitialTarget { get; set; }

    /// <summary>Overrides the initial target by expected hashes per block (ignored when <see cref="InitialTarget"/> is set).</summary>
    public double? InitialExpectedAttempts { get; set; }

    /// <summary>Overrides the dev faucet's premine (smallest units); dev and test only.</summary>
    public ulong? PremineAmount { get; set; }

    /// <summary>Overrides the block subsidy (smallest units).</summary>
    public ulong? BlockSubsidy { get; set; }

    /// <summary>Overrides the maximum transactions per block (coinbase included).</summary>
    public int? MaxBlockTransactions { get; set; }
}
