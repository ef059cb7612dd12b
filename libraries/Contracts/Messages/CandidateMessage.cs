using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using AspireChain.Contracts.Kafka;
using AspireChain.Ledger;
using Confluent.Kafka;

namespace AspireChain.Contracts.Messages;

/// <summary>
/// A mined block offered to the Validator on <see cref="Topics.Candidates"/>: key = its height (decimal); value = the
/// block's binary wire form (<see cref="Block.ToWire"/>); headers = the <see cref="MiningReport"/> (who found it, how much work, when), informational only: the
/// Validator never judges by them, it only carries them over to the accepted block.
/// </summary>
/// <param name="Block">The candidate block.</param>
/// <param name="Report">How the search went, when the producer says so (never read back: headers are untrusted).</param>
public sealed record CandidateMessage(Block Block, MiningReport? Report = null)
{
    /// <summary>The record key of a candidate at <paramref name="height"/>.</summary>
    public static string KeyOf(ulong height) => height.ToString(CultureInfo.InvariantCulture);

    /// <summary>The Kafka record for <see cref="Topics.Candidates"/>.</summary>
    public Message<string, byte[]> ToMessage() => new()
    {
        Key = KeyOf(Block.Height),
        Value = Block.ToWire(),
        Headers = Report?.ToHeaders() ?? [],
    };

    /// <summary>Reads a record value without throwing: false with a typed reason for anything that is not one block.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, [NotNullWhen(true)] out CandidateMessage? message, out ValidationResult error) =>
        TryParse(value, int.MaxValue, out message, out error);

    /// <summary>
    /// Reads a record value without throwing: false with a typed reason for anything that is not one block, and
    /// <c>bad-blk-length</c> for a block of more than <paramref name="maxTransactions"/> before any of them is read.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> value, int maxTransactions, [NotNullWhen(true)] out CandidateMessage? message, out ValidationResult error)
    {
        message = Block.TryReadWire(value, maxTransactions, out var block, out error) ? new CandidateMessage(block) : null;
        return message is not null;
    }
}
