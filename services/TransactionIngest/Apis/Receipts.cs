namespace AspireChain.TransactionIngest.Apis;

/// <summary>The 202 answer to one accepted transaction: its id, its status and where to follow it.</summary>
public sealed record TransactionReceipt(string Id, string Status, string Location);

/// <summary>One batch item's outcome: accepted (with id and status URL) or refused (with the problem), by position.</summary>
public sealed record BatchItemResult(int Index, string? Id, string Status, int StatusCode, string? Location, HttpValidationProblemDetails? Problem);

/// <summary>The answer to a batch: counts and the per-item results in request order.</summary>
public sealed record BatchReceipt(int Accepted, int Rejected, int Unavailable, IReadOnlyList<BatchItemResult> Items);

/// <summary>What <c>GET /</c> tells a client about this service.</summary>
public sealed record ServiceDescription(string Service, string Description, IReadOnlyList<string> Endpoints);

/// <summary>Status words used in receipts.</summary>
public static class SubmissionStatus
{
    /// <summary>Acknowledged by Kafka; awaiting a miner.</summary>
    public const string Pending = "pending";

    /// <summary>Refused at the edge; see the problem.</summary>
    public const string Rejected = "rejected";

    /// <summary>Valid but not acknowledged by Kafka; retry.</summary>
    public const string Unavailable = "unavailable";
}
