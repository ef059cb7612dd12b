namespace AspireChain.ChainQuery.Verification;

/// <summary>The words a verification run's <c>state</c> and <c>mode</c> take, in one place for the API, the store and the clients' docs.</summary>
public static class VerificationStates
{
    /// <summary>The run is reading and checking blocks.</summary>
    public const string Running = "running";

    /// <summary>Every block it checked passed every rule and the read model's accounts equal the replayed state.</summary>
    public const string Valid = "valid";

    /// <summary>A block failed a rule, the store changed under the checkpoint, or the read model disagrees with the replay.</summary>
    public const string Invalid = "invalid";

    /// <summary>ChainQuery stopped (or died) before the run finished: no verdict.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>The store could not be read (an I/O or SQLite error): no verdict.</summary>
    public const string Failed = "failed";

    /// <summary>Mode: from genesis, or from the base the store starts from (a snapshot it joined from).</summary>
    public const string Full = "full";

    /// <summary>Mode: from the checkpoint the last valid run left.</summary>
    public const string Incremental = "incremental";
}
