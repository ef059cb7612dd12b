using System.Diagnostics.CodeAnalysis;
using AspireChain.Contracts.Kafka;
using AspireChain.Ledger;
using Confluent.Kafka;

namespace AspireChain.Contracts.Messages;

/// <summary>
/// A signed transaction as submitted on <see cref="Topics.Transactions"/>: key = the sender's address (hex), so one
/// sender's transactions share a partition and keep their order; value = the transaction's binary wire form
/// (<see cref="Transaction.ToWire"/>: format byte, signed canonical bytes); no headers but the trace context.
/// </summary>
/// <param name="Transaction">The submitted transaction.</param>
public sealed record TransactionMessage(Transaction Transaction)
{
    /// <summary>The record key of <paramref name="transaction"/>: its sender's address, hex.</summary>
    public static string KeyOf(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.SenderAddress.ToString();
    }

    /// <summary>The Kafka record for <see cref="Topics.Transactions"/>.</summary>
    public Message<string, byte[]> ToMessage() => new()
    {
        Key = KeyOf(Transaction),
        Value = Transaction.ToWire(),
    };

    /// <summary>Reads a record value without throwing: false with a typed reason (<c>malformed</c>, <c>oversize</c>, …) for anything that is not one transaction.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, [NotNullWhen(true)] out TransactionMessage? message, out ValidationResult error)
    {
        message = Transaction.TryReadWire(value, out var transaction, out error) ? new TransactionMessage(transaction) : null;
        return message is not null;
    }
}
