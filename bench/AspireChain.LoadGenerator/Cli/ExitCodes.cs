namespace AspireChain.LoadGenerator.Cli;

/// <summary>What the process exit code tells a script.</summary>
public static class ExitCodes
{
    /// <summary>Everything submitted reached a final status in time (and, for <c>send</c>, was confirmed).</summary>
    public const int Success = 0;

    /// <summary>A timeout, a lost or rejected transfer, or a refusal.</summary>
    public const int Failure = 1;

    /// <summary>A service URL did not answer.</summary>
    public const int Unreachable = 2;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
