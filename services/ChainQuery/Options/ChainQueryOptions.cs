namespace AspireChain.ChainQuery.Options;

/// <summary>Where the read model lives and how ChainQuery follows the topics, bound from the <c>ChainQuery</c> section.</summary>
public sealed class ChainQueryOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "ChainQuery";

    /// <summary>SQLite file of the read model; empty means <c>chainquery.db</c> in the instance's data directory.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>Consumer group used to follow <c>transactions</c> and <c>rejections</c> (status only, so broker offsets suffice).</summary>
    public string StatusGroupId { get; set; } = "chainquery";

    /// <summary>Most records of <c>transactions</c> and <c>rejections</c> written in one SQLite transaction.</summary>
    public int StatusBatchMaxRecords { get; set; } = 1_000;

    /// <summary>Longest a status batch keeps taking records that already arrived, from its first record on; it never waits for more.</summary>
    public TimeSpan StatusBatchMaxAge { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Number of most recent blocks the throughput and hash-rate estimates look at.</summary>
    public int StatsWindowBlocks { get; set; } = 20;

    /// <summary>Largest page size a client may ask for.</summary>
    public int MaxPageSize { get; set; } = 100;

    /// <summary>
    /// The bearer token operator operations (<c>POST /chain/verify</c>) require outside Development
    /// (<c>Authorization: Bearer &lt;token&gt;</c>, never a query string). Unset outside Development: those operations are
    /// refused until it is configured. Development needs none.
    /// </summary>
    public string? OperatorToken { get; set; }

    /// <summary>
    /// Default pace of a verification run in transfer signatures per second (0, the default: as fast as the cores
    /// allow); <c>POST /chain/verify?signaturesPerSecond=</c> overrides it per run.
    /// </summary>
    public int VerificationSignaturesPerSecond { get; set; }
}
