using System.Globalization;

namespace AspireChain.Ledger;

/// <summary>Every consensus constant of one network in one place; <see cref="Dev"/> and <see cref="Test"/> presets, tuned by <see cref="ChainOptions"/>.</summary>
public sealed record NetworkParameters
{
    /// <summary>Smallest units per coin.</summary>
    public const ulong UnitsPerCoin = 100_000_000;

    /// <summary>Preset name (<c>dev</c>, <c>test</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Signed into every transaction so a transaction cannot be replayed on another network.</summary>
    public required uint ChainId { get; init; }

    /// <summary>Header version this network accepts.</summary>
    public uint BlockVersion { get; init; } = 1;

    /// <summary>The easiest target ever allowed.</summary>
    public required Target PowLimit { get; init; }

    /// <summary>The genesis (and first retarget window) target.</summary>
    public required Target InitialTarget { get; init; }

    /// <summary>Desired average block interval, milliseconds.</summary>
    public required long TargetBlockTimeMs { get; init; }

    /// <summary>Retarget every K blocks; 0 means never (test preset).</summary>
    public required int RetargetInterval { get; init; }

    /// <summary>Newly minted coins per block.</summary>
    public required ulong BlockSubsidy { get; init; }

    /// <summary>Most transactions per block, coinbase included.</summary>
    public int MaxBlockTransactions { get; init; } = 5_000;

    /// <summary>Most bytes of a block's binary form.</summary>
    public int MaxBlockBytes { get; init; } = 1_048_576;

    /// <summary>How far a block timestamp may run ahead of the validator's clock, milliseconds.</summary>
    public long MaxFutureDriftMs { get; init; } = 15_000;

    /// <summary>Blocks in the median-time-past window.</summary>
    public int MedianTimeSpan { get; init; } = 11;

    /// <summary>Genesis timestamp, Unix milliseconds (fixed so genesis is deterministic).</summary>
    public long GenesisTimestamp { get; init; } = 1_767_225_600_000; // 2026-01-01T00:00:00Z

    /// <summary>Coins credited in genesis.</summary>
    public required IReadOnlyList<PremineAllocation> Premine { get; init; }

    /// <summary>Fast blocks (~1.5 s) that retarget every 10 blocks; premined to the dev faucet.</summary>
    public static NetworkParameters Dev { get; } = new()
    {
        Name = "dev",
        ChainId = 0xAC_0001,
        PowLimit = Target.FromExpectedAttempts(1 << 12),
        InitialTarget = Target.FromExpectedAttempts(1 << 22),
        TargetBlockTimeMs = 1_500,
        RetargetInterval = 10,
        BlockSubsidy = 50 * UnitsPerCoin,
        Premine = [new PremineAllocation(DevFaucet.Address, 1_000_000 * UnitsPerCoin)],
    };

    /// <summary>Trivial difficulty (about one hash per block) and no retargeting, so tests mine instantly; premined to the dev faucet.</summary>
    public static NetworkParameters Test { get; } = new()
    {
        Name = "test",
        ChainId = 0xAC_0002,
        PowLimit = Target.FromBits(0x20FF_FFFF),
        InitialTarget = Target.FromBits(0x20FF_FFFF),
        TargetBlockTimeMs = 1_000,
        RetargetInterval = 0,
        BlockSubsidy = 50 * UnitsPerCoin,
        Premine = [new PremineAllocation(DevFaucet.Address, 1_000_000 * UnitsPerCoin)],
    };

    /// <summary>The preset named by <see cref="ChainOptions.Network"/> with its overrides applied.</summary>
    public static NetworkParameters From(ChainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var preset = (options.Network ?? "").ToUpperInvariant() switch
        {
            "DEV" or "" => Dev,
            "TEST" => Test,
            _ => throw new ArgumentException($"Unknown network '{options.Network}' (expected dev or test).", nameof(options)),
        };
        var initial = options.InitialTarget is { } bits
            ? Target.FromBits(uint.Parse(bits, NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            : options.InitialExpectedAttempts is { } attempts ? Target.FromExpectedAttempts(attempts) : preset.InitialTarget;
        var powLimit = initial.ToBigInteger() > preset.PowLimit.ToBigInteger() ? initial : preset.PowLimit;
        return preset with
        {
            InitialTarget = initial,
            PowLimit = powLimit,
            TargetBlockTimeMs = options.TargetBlockTimeMs ?? preset.TargetBlockTimeMs,
            RetargetInterval = options.RetargetInterval ?? preset.RetargetInterval,
            BlockSubsidy = options.BlockSubsidy ?? preset.BlockSubsidy,
            MaxBlockTransactions = options.MaxBlockTransactions ?? preset.MaxBlockTransactions,
            Premine = options.PremineAmount is { } amount ? [new PremineAllocation(DevFaucet.Address, amount)] : preset.Premine,
        };
    }
}
