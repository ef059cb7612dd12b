namespace AspireChain.AppHost.Dashboard.Telemetry;

/// <summary>
/// The span names and attribute keys the services emit for a block's lifecycle (DESIGN §6). Alternatives are
/// listed because the dashboard must show whatever arrives, and a missing attribute only leaves a blank cell.
/// </summary>
public static class ChainTelemetryNames
{
    /// <summary>A miner's proof-of-work search for one candidate (links to the transactions it includes).</summary>
    public const string MineSpan = "block.mine";

    /// <summary>The Validator's full re-validation of a candidate.</summary>
    public const string ValidateSpan = "block.validate";

    /// <summary>The Validator publishing the accepted block to <c>blocks</c>.</summary>
    public const string CommitSpan = "block.commit";

    /// <summary>ChainQuery applying the block to its read model: the block's transactions become confirmed.</summary>
    public const string ApplySpan = "block.apply";

    /// <summary>Block height.</summary>
    public static readonly string[] Height = ["aspirechain.block.height", "block.height"];

    /// <summary>Block hash, hex.</summary>
    public static readonly string[] Hash = ["aspirechain.block.hash", "block.hash"];

    /// <summary>The miner that found the block: its replica name when the span says, else its address.</summary>
    public static readonly string[] Miner = ["aspirechain.miner.instance", "aspirechain.block.miner", "aspirechain.miner", "aspirechain.miner.address"];

    /// <summary>Number of transactions in the block.</summary>
    public static readonly string[] TxCount = ["aspirechain.block.tx_count", "block.tx_count", "aspirechain.block.tx.count", "aspirechain.block.transactions"];

    /// <summary>The miner's hash rate while searching, hashes per second.</summary>
    public static readonly string[] HashRate = ["aspirechain.pow.hash_rate", "aspirechain.block.hash_rate", "aspirechain.miner.hash_rate"];

    /// <summary>What the Validator decided: accepted, stale, or a reject reason.</summary>
    public static readonly string[] Outcome = ["aspirechain.block.verdict", "aspirechain.block.outcome", "aspirechain.block.result", "aspirechain.block.status", "aspirechain.validation.result", "aspirechain.block.reject_reason", "aspirechain.rejection.reason"];

    /// <summary>How a miner's nonce search ended (found, or cancelled because the tip moved).</summary>
    public static readonly string[] SearchOutcome = ["aspirechain.pow.outcome"];

    /// <summary>A boolean flag some services use instead of an outcome string.</summary>
    public static readonly string[] Stale = ["aspirechain.block.stale", "aspirechain.stale"];

    /// <summary>Returns the first of <paramref name="keys"/> the span carries.</summary>
    public static string? First(TelemetrySpan span, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(span);
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            if (span.Attributes.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value))
            {
                return value;
            }
        }

        return null;
    }
}
