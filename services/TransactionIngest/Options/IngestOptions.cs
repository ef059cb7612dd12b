namespace AspireChain.TransactionIngest.Options;

/// <summary>Limits and timeouts of the ingest edge, bound from the <c>Ingest</c> configuration section.</summary>
public sealed class IngestOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Ingest";

    /// <summary>Largest accepted body for <c>POST /transactions</c>, in bytes.</summary>
    public long MaxTransactionBodyBytes { get; set; } = 16 * 1024;

    /// <summary>Largest accepted body for <c>POST /transactions/batch</c>, in bytes.</summary>
    public long MaxBatchBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most transactions one batch may carry.</summary>
    public int MaxBatchItems { get; set; } = 1000;

    /// <summary>How long a produce may wait for the broker's acknowledgement before the client gets 503.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Seconds a client is told to wait (Retry-After) when the broker cannot take writes.</summary>
    public int UnavailableRetryAfterSeconds { get; set; } = 2;

    /// <summary>Requests allowed per client address per <see cref="RateLimitWindow"/>; 0 disables rate limiting.</summary>
    public int RateLimitPermits { get; set; } = 1000;

    /// <summary>The fixed window the rate limit counts requests in.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Unconfirmed bytes one partition of <c>transactions</c> may hold (records past the miners' committed offset)
    /// before ingest answers 503 with a Retry-After; keep it under the broker's retention per partition (the embedded
    /// broker keeps about 5 MiB) so nothing acknowledged is removed before a miner reads it. 0 turns the limit off.
    /// </summary>
    public long MaxBacklogBytesPerPartition { get; set; } = 3 * 1024 * 1024;

    /// <summary>How often the backlog is read from Kafka (log ends and the miners' committed offsets).</summary>
    public TimeSpan BacklogPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest Retry-After a full backlog answers with.</summary>
    public TimeSpan MaxBacklogRetryAfter { get; set; } = TimeSpan.FromSeconds(30);
}
