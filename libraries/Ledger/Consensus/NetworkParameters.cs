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

    /// <summary>The validator keys whose signature makes a block on <c>blocks</c> accepted (see <see cref="AcceptedBlock"/>).</summary>
    public required IReadOnlyList<PublicKey> ValidatorKeys { get; init; }

    /// <summary>True for the dev and test presets, whose faucet and validator keys are public: never a network with value.</summary>
    public bool IsDevelopment { get; init; }

    /// <summary>
    /// Fast blocks (~0.25 s, so a transfer confirms in about half a second, and a partition's transfers do not wait
    /// long for their miner to win a race) that retarget every 10 blocks; premined to the dev faucet, blocks signed by
    /// the dev validator key. The genesis target (about a million hashes) is what one busy miner thread on a shared
    /// 2-core machine finds in about half a second, so a fresh chain's first transfer confirms in a second or two;
    /// faster machines mine the first blocks quicker and the retarget slows them to the block time.
    /// </summary>
    public static NetworkParameters Dev { get; } = new()
    {
        Name = "dev",
        ChainId = 0xAC_0001,
        PowLimit = Target.FromExpectedAttempts(1 << 12),
        InitialTarget = Target.FromExpectedAttempts(1 << 20),
        TargetBlockTimeMs = 250,
        RetargetInterval = 10,
        BlockSubsidy = 50 * UnitsPerCoin,
        Premine = [new PremineAllocation(DevFaucet.Address, 1_000_000 * UnitsPerCoin)],
        ValidatorKeys = [DevValidator.PublicKey],
        IsDevelopment = true,
    };

    /// <summary>Trivial difficulty (about one hash per block) and no retargeting, so tests mine instantly; premined to the dev faucet, blocks signed by the dev validator key.</summary>
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
        ValidatorKeys = [DevValidator.PublicKey],
        IsDevelopment = true,
    };

    /// <summary>
    /// The preset named by <see cref="ChainOptions.Network"/> with its overrides applied, or a network of its own
    /// (dev timing) for any other name, which must configure its genesis allocations and validator public keys and may
    /// use neither the public dev faucet nor the public dev validator key.
    /// </summary>
    /// <exception cref="ArgumentException">The configuration cannot make a usable network; the message lists every problem.</exception>
    public static NetworkParameters From(ChainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = (options.Network ?? "").Trim();
        var preset = name.ToUpperInvariant() switch
        {
            "DEV" or "" => Dev,
            "TEST" => Test,
            _ => null,
        };
        var problems = new List<string>();
        var keys = ValidatorKeysFrom(options.ValidatorPublicKeys, problems);
        var allocations = AllocationsFrom(options.Allocations, problems);
        Target? initial = null;
        if (options.InitialTarget is { } bits)
        {
            if (uint.TryParse(bits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var compact) && Target.TryFromBits(compact, out var parsed)) initial = parsed;
            else problems.Add($"Chain:InitialTarget '{bits}' is not a canonical compact target in hex");
        }
        if (preset is null)
        {
            if (name.Length is 0 or > 32 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                problems.Add($"Chain:Network '{name}' is neither dev, test nor a name of 1 to 32 letters, digits and dashes");
            if (allocations.Count == 0)
                problems.Add("Chain:Allocations is empty: a network other than dev and test needs an explicit genesis allocation (Chain:Allocations:0:Address and Chain:Allocations:0:Amount); the dev faucet premine exists on dev and test only");
            if (keys.Count == 0)
                problems.Add("Chain:ValidatorPublicKeys is empty: a network other than dev and test needs the validator's public key (130 hex digits; the private key goes to the validator alone); the dev validator key exists on dev and test only");
            if (options.PremineAmount is not null)
                problems.Add("Chain:PremineAmount premines the public dev faucet, which exists on dev and test only");
            if (allocations.Any(a => a.Recipient == DevFaucet.Address))
                problems.Add($"Chain:Allocations credits the dev faucet {DevFaucet.Address}, whose private key is public");
            if (keys.Contains(DevValidator.PublicKey))
                problems.Add("Chain:ValidatorPublicKeys pins the dev validator key, whose private key is public");
        }
        if (problems.Count > 0)
            throw new ArgumentException($"The chain configuration of network '{name}' is not usable: {string.Join("; ", problems)}.", nameof(options));

        var basis = preset ?? Dev with
        {
            Name = name.ToLowerInvariant(),
            ChainId = options.ChainId ?? DeriveChainId(name.ToLowerInvariant()),
            IsDevelopment = false,
        };
        var initialTarget = initial
            ?? (options.InitialExpectedAttempts is { } attempts ? Target.FromExpectedAttempts(attempts) : basis.InitialTarget);
        var powLimit = initialTarget.ToBigInteger() > basis.PowLimit.ToBigInteger() ? initialTarget : basis.PowLimit;
        return basis with
        {
            InitialTarget = initialTarget,
            PowLimit = powLimit,
            TargetBlockTimeMs = options.TargetBlockTimeMs ?? basis.TargetBlockTimeMs,
            RetargetInterval = options.RetargetInterval ?? basis.RetargetInterval,
            BlockSubsidy = options.BlockSubsidy ?? basis.BlockSubsidy,
            MaxBlockTransactions = options.MaxBlockTransactions ?? basis.MaxBlockTransactions,
            Premine = allocations.Count > 0 ? allocations
                : options.PremineAmount is { } amount ? [new PremineAllocation(DevFaucet.Address, amount)]
                : basis.Premine,
            ValidatorKeys = keys.Count > 0 ? keys : basis.ValidatorKeys,
        };
    }

    /// <summary>
    /// What this network uses whose private half is published (the dev or test preset, the dev faucet premine, the dev
    /// validator key), each said in words for a start-up message; empty for a network of its own.
    /// </summary>
    public IReadOnlyList<string> PublicDevelopmentKeys()
    {
        var used = new List<string>();
        if (IsDevelopment)
            used.Add($"the '{Name}' preset, made for local runs and tests (Chain:Network; 'dev' when unset)");
        if (Premine.FirstOrDefault(p => p.Recipient == DevFaucet.Address) is { } faucet)
            used.Add(string.Create(CultureInfo.InvariantCulture, $"the dev faucet premine ({faucet.Amount / UnitsPerCoin:N0} coins to {DevFaucet.Address}), which anyone can spend"));
        if (ValidatorKeys.Contains(DevValidator.PublicKey))
            used.Add("the dev validator key, with which anyone can sign blocks this node accepts");
        return used;
    }

    /// <summary>True when <paramref name="key"/> is one of the pinned validator keys.</summary>
    public bool IsValidatorKey(PublicKey key) => ValidatorKeys.Contains(key);

    private static List<PublicKey> ValidatorKeysFrom(string? configured, List<string> problems)
    {
        var keys = new List<PublicKey>();
        foreach (var text in (configured ?? "").Split([',', ';', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (PublicKey.TryParse(text, out var key) && key.IsValidPoint())
            {
                if (!keys.Contains(key)) keys.Add(key);
            }
            else
            {
                problems.Add($"Chain:ValidatorPublicKeys entry '{(text.Length > 16 ? text[..16] + "…" : text)}' is not an uncompressed P-256 public key in 130 hex digits");
            }
        }
        return keys;
    }

    private static List<PremineAllocation> AllocationsFrom(IList<GenesisAllocationOptions>? configured, List<string> problems)
    {
        var allocations = new List<PremineAllocation>();
        ulong total = 0;
        for (var i = 0; i < (configured?.Count ?? 0); i++)
        {
            var allocation = configured![i];
            if (!Address.TryParse(allocation.Address, out var recipient))
                problems.Add($"Chain:Allocations:{i}:Address is not a 40-digit hex address");
            else if (allocation.Amount == 0)
                problems.Add($"Chain:Allocations:{i}:Amount must be positive");
            else if (total + allocation.Amount < total)
                problems.Add("Chain:Allocations add up to more than 2^64 - 1 units");
            else
            {
                total += allocation.Amount;
                allocations.Add(new PremineAllocation(recipient, allocation.Amount));
            }
        }
        return allocations;
    }

    /// <summary>
    /// The chain id a network of its own named <paramref name="name"/> gets unless <see cref="ChainOptions.ChainId"/> sets
    /// one: the first 4 bytes of SHA-256 of <c>aspirechain/chain-id/</c> and the lower-cased name, so its transactions
    /// never verify on dev or test (or the reverse). A client pins a network by it.
    /// </summary>
    public static uint DefaultChainId(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return DeriveChainId(name.Trim().ToLowerInvariant());
    }

    private static uint DeriveChainId(string name)
    {
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("aspirechain/chain-id/" + name));
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(digest);
    }
}
