namespace AspireChain.Cli;

/// <summary>What <c>aspirechain</c>'s exit code tells a script (the README lists them).</summary>
public static class ExitCodes
{
    /// <summary>Done as asked (for <c>send</c> and <c>faucet</c>: the transfer is confirmed).</summary>
    public const int Success = 0;

    /// <summary>Something unexpected (a bug): the message says what.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: unknown command or option, missing or malformed argument.</summary>
    public const int Usage = 2;

    /// <summary>The input is well-formed but cannot be used: a bad address, an unknown or taken wallet, an amount the wallet cannot sign, the faucet on a network without one.</summary>
    public const int BadInput = 3;

    /// <summary>TransactionIngest or ChainQuery did not answer.</summary>
    public const int Unreachable = 4;

    /// <summary>The transfer was rejected (by TransactionIngest at the edge, or by a miner or the Validator), or a service refused the request.</summary>
    public const int Rejected = 5;

    /// <summary>The transfer was not final within <c>--timeout</c> (it may still confirm: <c>aspirechain tx &lt;id&gt;</c>).</summary>
    public const int Timeout = 6;

    /// <summary><c>verify</c> found the stored chain invalid.</summary>
    public const int ChainInvalid = 7;

    /// <summary>
    /// Nothing was signed: ChainQuery's <c>/network</c> disagrees with the network pinned (<c>--network</c>, <c>--chain-id</c>,
    /// the AppHost's endpoints file), or reports a network of its own that nothing pinned.
    /// </summary>
    public const int NetworkMismatch = 8;

    /// <summary>Interrupted (Ctrl+C); a transfer already sent stays in flight.</summary>
    public const int Interrupted = 130;

    /// <summary>The short word the JSON error document carries for an exit code.</summary>
    public static string Name(int code) => code switch
    {
        Success => "ok",
        Usage => "usage",
        BadInput => "bad-input",
        Unreachable => "unreachable",
        Rejected => "rejected",
        Timeout => "timeout",
        ChainInvalid => "chain-invalid",
        NetworkMismatch => "network-mismatch",
        Interrupted => "interrupted",
        _ => "failure",
    };
}
