namespace AspireChain.LoadGenerator.Cli;

/// <summary>What the process exit code tells a script.</summary>
public static class ExitCodes
{
    /// <summary>Everything submitted was confirmed in time.</summary>
    public const int Success = 0;

    /// <summary>A timeout, a lost or rejected transfer, a refusal, or invalid options.</summary>
    public const int Failure = 1;

    /// <summary>A service URL did not answer.</summary>
    public const int Unreachable = 2;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
