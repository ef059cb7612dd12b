namespace AspireChain.Validator.Chain;

/// <summary>Kafka headers the Validator adds to what it publishes on <c>blocks</c>.</summary>
public static class BlockHeaders
{
    /// <summary>
    /// The next <c>candidates</c> offset the block's acceptance reflects (decimal). A standby taking over reads it while
    /// catching up on <c>blocks</c>, so it resumes after the candidate that produced the block rather than re-judging it.
    /// </summary>
    public const string NextCandidateOffset = "aspirechain-next-candidate-offset";
}
