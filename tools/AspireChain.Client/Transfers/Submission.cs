using System.Diagnostics;
using AspireChain.Ledger;

namespace AspireChain.Client.Transfers;

/// <summary>One signed transfer and what happened to it, with the timestamps latency figures come from.</summary>
public sealed class Submission(Transaction transaction)
{
    /// <summary>The signed transfer; its JSON is computed once so every retry resubmits the very same bytes.</summary>
    public Transaction Transaction { get; } = transaction;

    /// <summary>The wire form, posted as is on every attempt.</summary>
    public byte[] Json { get; } = transaction.ToJson();

    /// <summary>The id as ChainQuery spells it.</summary>
    public string Id { get; } = transaction.Id.ToString();

    /// <summary>
    /// A W3C <c>traceparent</c> sent with the POST, so the submitter knows the trace id its transfer's spans carry
    /// (e.g. to link to the trace in the dashboard); null leaves the trace to start at TransactionIngest.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary><see cref="Stopwatch"/> timestamp of the first POST.</summary>
    public long? SubmittedAt { get; set; }

    /// <summary>When Ingest answered 202 (Kafka acknowledged it).</summary>
    public long? AcknowledgedAt { get; set; }

    /// <summary>When ChainQuery was first seen reporting it confirmed.</summary>
    public long? ConfirmedAt { get; set; }

    /// <summary>The rule that refused it (at Ingest, by a miner or by the Validator), or null.</summary>
    public string? RejectReason { get; set; }

    /// <summary>The refusing service's explanation, when it gave one.</summary>
    public string? RejectDetail { get; set; }

    /// <summary>True when TransactionIngest refused it at the edge (it never reached Kafka).</summary>
    public bool RefusedByIngest { get; set; }

    /// <summary>How many times it was resubmitted after a 429 or 503.</summary>
    public int Retries { get; set; }

    /// <summary>Confirmed or rejected: nothing more to wait for.</summary>
    public bool IsFinal => ConfirmedAt is not null || RejectReason is not null;

    /// <summary>A <c>traceparent</c> for a fresh, sampled trace; its trace id is the 32 hex digits after <c>00-</c>.</summary>
    public static string NewTraceParent() =>
        $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
}
