namespace AspireChain.ChainQuery.Storage;

/// <summary>What one record of <c>transactions</c> or <c>rejections</c> asks of the read model, read and checked before any write.</summary>
public abstract record StatusUpdate;

/// <summary>A transfer submitted on <c>transactions</c>: pending unless already known, with its submit time (the record's Kafka timestamp).</summary>
public sealed record SubmittedTransfer(StoredTransaction Transaction, long? SubmittedAtMs) : StatusUpdate;

/// <summary>A transfer a miner turned down: rejected with a reason, unless it is confirmed.</summary>
public sealed record RejectedTransfer(string Id, string Reason, string Detail) : StatusUpdate;

/// <summary>A candidate block the Validator turned down (stale or invalid), recorded once per hash.</summary>
public sealed record RejectedCandidate(string Hash, long? Height, string Reason, string? Detail, string? Source, long? RejectedAtMs) : StatusUpdate;

/// <summary>
/// What a committed batch of status updates changed that the metrics count: the seconds from submission to
/// confirmation of transfers whose block was applied before their submission was seen, and the reasons of candidates
/// recorded for the first time. A redelivered record adds to neither.
/// </summary>
public sealed record StatusBatchOutcome(IReadOnlyList<double> ConfirmationSeconds, IReadOnlyList<string> NewCandidateRejectionReasons)
{
    /// <summary>A batch that changed nothing the metrics count.</summary>
    public static StatusBatchOutcome None { get; } = new([], []);
}
