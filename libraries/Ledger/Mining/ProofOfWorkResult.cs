namespace AspireChain.Ledger;

/// <summary>What a nonce search produced and how much work it did (attempts and hash rate feed metrics and traces).</summary>
/// <param name="Outcome">Found, exhausted or cancelled.</param>
/// <param name="Nonce">The winning nonce when found.</param>
/// <param name="Hash">The winning header hash when found.</param>
/// <param name="Attempts">Nonces hashed, across all threads.</param>
/// <param name="Elapsed">Wall-clock search time.</param>
public readonly record struct ProofOfWorkResult(ProofOfWorkOutcome Outcome, ulong Nonce, Hash256 Hash, ulong Attempts, TimeSpan Elapsed)
{
    /// <summary>True when a nonce was found.</summary>
    public bool Found => Outcome == ProofOfWorkOutcome.Found;

    /// <summary>Attempts per second.</summary>
    public double HashRate => Elapsed > TimeSpan.Zero ? Attempts / Elapsed.TotalSeconds : 0;
}
