using AspireChain.ChainQuery.Storage;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using Confluent.Kafka;

namespace AspireChain.ChainQuery.Consumers;

/// <summary>
/// Records of <c>transactions</c> and <c>rejections</c> consumed together: what each one asks of the read model (an
/// unreadable one asks nothing, yet its offset is passed like the others), and the offsets the group may store once the
/// batch's write committed.
/// </summary>
public static class StatusBatch
{
    /// <summary>Reads <paramref name="record"/> without throwing: the update it asks for, or null with why it is stepped over.</summary>
    public static StatusUpdate? Read(ConsumeResult<string, byte[]> record, out string? error)
    {
        ArgumentNullException.ThrowIfNull(record);
        error = null;
        if (record.Topic == Topics.Transactions)
        {
            if (!TransactionMessage.TryParse(record.Message.Value, out var submitted, out var invalid))
            {
                error = invalid.ToString();
                return null;
            }

            if (!BlockProjection.TryToStored(submitted.Transaction, out var stored))
            {
                // Ingest refuses such amounts; a record like this was written around it and can never confirm.
                error = "amounts beyond the read model's 63-bit range";
                return null;
            }

            // The record's Kafka timestamp is when TransactionIngest accepted the submission.
            var timestamp = record.Message.Timestamp;
            return new SubmittedTransfer(stored, timestamp.Type == TimestampType.NotAvailable ? null : timestamp.UnixTimestampMs);
        }

        // Total: a record without an id, a reason or a known kind is reported, never stored.
        if (!Rejection.TryParse(record.Message.Value, out var rejection, out error))
        {
            return null;
        }

        if (string.IsNullOrEmpty(rejection.Id))
        {
            error = "a rejection without an id";
            return null;
        }

        var id = rejection.Id.ToLowerInvariant();
        return rejection.Kind == RejectionKinds.Transaction
            ? new RejectedTransfer(id, rejection.Reason, rejection.Detail ?? rejection.Reason)
            : new RejectedCandidate(id, rejection.Height, rejection.Reason, rejection.Detail, rejection.Source, rejection.Timestamp.ToUnixTimeMilliseconds());
    }

    /// <summary>
    /// Per partition, the offset after its last record in <paramref name="records"/> (a partition's records arrive in
    /// order): where the group resumes once they are all written.
    /// </summary>
    public static IReadOnlyList<TopicPartitionOffset> NextOffsets(IReadOnlyList<ConsumeResult<string, byte[]>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var next = new Dictionary<TopicPartition, Offset>();
        foreach (var record in records)
        {
            next[record.TopicPartition] = record.Offset + 1;
        }

        return [.. next.Select(p => new TopicPartitionOffset(p.Key, p.Value))];
    }
}
