namespace AspireChain.Contracts.Telemetry;

/// <summary>
/// The names of the spans the services start for their own work, one per step of a transaction's journey. The Kafka
/// spans keep the OpenTelemetry messaging names (<c>send {topic}</c>, <c>process {topic}</c>) every backend knows.
/// </summary>
public static class ChainSpans
{
    /// <summary>TransactionIngest admits one transaction and publishes it.</summary>
    public const string TransactionSubmit = "aspirechain.transaction.submit";

    /// <summary>TransactionIngest admits a batch of transactions.</summary>
    public const string TransactionBatch = "aspirechain.transaction.batch";

    /// <summary>A miner refuses a transaction and publishes the rejection.</summary>
    public const string TransactionReject = "aspirechain.transaction.reject";

    /// <summary>A miner searches a nonce for a template (linked to the transactions it holds).</summary>
    public const string BlockMine = "aspirechain.block.mine";

    /// <summary>The Validator judges a candidate.</summary>
    public const string BlockValidate = "aspirechain.block.validate";

    /// <summary>The Validator publishes the accepted block in one Kafka transaction with the candidate offset.</summary>
    public const string BlockCommit = "aspirechain.block.commit";

    /// <summary>A follower verifies and applies one record of <c>blocks</c>.</summary>
    public const string BlockApply = "aspirechain.block.apply";
}
