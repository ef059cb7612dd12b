using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using AspireChain.Contracts.Kafka;
using AspireChain.Ledger;
using Confluent.Kafka;

namespace AspireChain.Contracts.Messages;

/// <summary>
/// An accepted block on <see cref="Topics.Blocks"/>: key = its height (decimal); value = the Validator's signed envelope
/// (<see cref="AcceptedBlock"/>, which stays in the Ledger because signing and verifying it is consensus, not I/O) in
/// its binary wire form (<see cref="AcceptedBlock.ToWire"/>); headers = the candidate's <see cref="MiningReport"/> carried over plus when it was validated, display only
/// (read with <see cref="BlockProvenance.Read"/>).
/// </summary>
/// <param name="Accepted">The signed envelope.</param>
public sealed record BlockMessage(AcceptedBlock Accepted)
{
    /// <summary>The record key of the block at <paramref name="height"/>.</summary>
    public static string KeyOf(ulong height) => height.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The Kafka record for <see cref="Topics.Blocks"/>, carrying over the informational headers of the candidate's
    /// record (<paramref name="candidateHeaders"/>, copied as opaque bytes) and stamping <paramref name="validatedAt"/>.
    /// </summary>
    public Message<string, byte[]> ToMessage(Headers? candidateHeaders, DateTimeOffset validatedAt)
    {
        var message = new Message<string, byte[]>
        {
            Key = KeyOf(Accepted.Height),
            Value = Accepted.ToWire(),
            Headers = [],
        };
        ProvenanceHeaders.CarryOver(candidateHeaders, message.Headers, validatedAt);
        return message;
    }

    /// <summary>
    /// Reads a record value without throwing: false with a typed reason for anything that is not one envelope. The
    /// envelope's signature is not checked here (<see cref="AcceptedBlock.Verify"/> is the reader's next step).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> value, [NotNullWhen(true)] out BlockMessage? message, out ValidationResult error)
    {
        message = AcceptedBlock.TryReadWire(value, out var accepted, out error) ? new BlockMessage(accepted) : null;
        return message is not null;
    }
}
