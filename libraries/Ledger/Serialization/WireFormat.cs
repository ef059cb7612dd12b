namespace AspireChain.Ledger;

/// <summary>
/// The first byte of every binary Kafka record value: which value it holds and in which layout. Each byte is taken once
/// and never reused; a new layout takes a new byte and readers refuse bytes they do not know. Every byte is below
/// 0x20, so no value can be mistaken for JSON (which starts with <c>{</c>, <c>[</c> or whitespace).
/// </summary>
public static class WireFormat
{
    /// <summary>A transaction, layout 1: the format byte, then the signed canonical bytes.</summary>
    public const byte TransactionV1 = 0x01;

    /// <summary>A block, layout 1: the format byte, then the header, a 4-byte count and each transaction's canonical bytes.</summary>
    public const byte BlockV1 = 0x02;

    /// <summary>An accepted block, layout 1: the format byte, the block's layout-1 body, the next candidate offset, the validator key and its signature.</summary>
    public const byte AcceptedBlockV1 = 0x03;

    /// <summary>A chunk of a state snapshot: the format byte, the snapshot height (8), the chunk index (4), then the chunk's bytes.</summary>
    public const byte SnapshotChunkV1 = 0x04;

    /// <summary>A signed snapshot manifest, layout 2: the format byte, then <see cref="SnapshotManifest.ToBytes"/> (magic <c>ACM2</c>, each chunk's hash beside its offset).</summary>
    public const byte SnapshotManifestV2 = 0x05;

    /// <summary>Checks that <paramref name="value"/> starts with <paramref name="expected"/>, naming what it holds instead when it does not.</summary>
    internal static bool TryCheck(ReadOnlySpan<byte> value, byte expected, string what, out ValidationResult error)
    {
        if (value.IsEmpty)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, $"an empty value is not a {what}");
            return false;
        }
        if (value[0] == expected)
        {
            error = ValidationResult.Ok;
            return true;
        }
        error = ValidationResult.Fail(RejectReason.Malformed, value[0] switch
        {
            (byte)'{' or (byte)'[' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' => $"a JSON value where a binary {what} (format 0x{expected:x2}) belongs",
            TransactionV1 or BlockV1 or AcceptedBlockV1 or SnapshotChunkV1 or SnapshotManifestV2 => $"format 0x{value[0]:x2} is another kind of value, not a {what} (format 0x{expected:x2})",
            _ => $"unknown format byte 0x{value[0]:x2} for a {what} (format 0x{expected:x2})",
        });
        return false;
    }
}
