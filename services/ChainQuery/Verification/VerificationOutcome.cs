namespace AspireChain.ChainQuery.Verification;

/// <summary>
/// The verdict of one run of <see cref="StoredChainVerifier"/>: valid (with the checkpoint it reached, when it reached a
/// stored block) or the first failure's height, reason and detail.
/// </summary>
public sealed record VerificationOutcome(bool Valid, long? FirstBadHeight, string? Reason, string? Detail, VerificationCheckpoint? Checkpoint)
{
    /// <summary>A sound chain and read model, ending at <paramref name="checkpoint"/> when there is one to keep.</summary>
    public static VerificationOutcome Sound(VerificationCheckpoint? checkpoint) => new(true, null, null, null, checkpoint);

    /// <summary>A failure at <paramref name="height"/> (null: not one block's, e.g. the read model).</summary>
    public static VerificationOutcome Bad(long? height, string reason, string? detail) => new(false, height, reason, detail, null);
}
