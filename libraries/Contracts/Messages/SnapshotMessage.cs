using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using AspireChain.Contracts.Kafka;
using AspireChain.Ledger;
using Confluent.Kafka;

namespace AspireChain.Contracts.Messages;

/// <summary>
/// One record on <see cref="Topics.Snapshots"/>, keyed by its snapshot (<see cref="SnapshotKey"/>), binary: either a chunk
/// of a <see cref="ChainSnapshot"/>'s bytes (<see cref="WireFormat.SnapshotChunkV1"/>, height(8), index(4), payload) or
/// the sealed <see cref="SnapshotManifest"/> naming the chunks by hash and offset
/// (<see cref="WireFormat.SnapshotManifestV2"/>, manifest bytes). A null value is a tombstone: a retired snapshot's key,
/// not a record to parse. The Validator writes a snapshot's chunks, then its manifest, then the tombstones of the
/// snapshots it retires, in one Kafka transaction; a reader trusts only what the manifest's seal and hashes cover.
/// </summary>
public sealed record SnapshotMessage
{
    /// <summary>Largest chunk payload the Validator writes (records stay well under the broker's message size limit).</summary>
    public const int MaxChunkBytes = 512 * 1024;

    private const int ChunkPrefix = 1 + 8 + 4;
    private const int MaxKeyShown = 80;

    private SnapshotMessage(SnapshotKey key, SnapshotManifest? manifest, ReadOnlyMemory<byte> payload)
    {
        Key = key;
        Manifest = manifest;
        Payload = payload;
    }

    /// <summary>The record's key: which snapshot, which part.</summary>
    public SnapshotKey Key { get; }

    /// <summary>The manifest, when this record is one.</summary>
    public SnapshotManifest? Manifest { get; }

    /// <summary>The snapshot height the record belongs to (a chunk's is informational: the manifest's hashes decide).</summary>
    public ulong Height => Key.Height;

    /// <summary>The chunk's position, or −1 for a manifest.</summary>
    public int Index => Key.Chunk;

    /// <summary>The chunk's bytes (a slice of the record's value, not a copy), empty for a manifest.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>Chunk <paramref name="index"/> of the snapshot at <paramref name="height"/> with <paramref name="digest"/>.</summary>
    public static SnapshotMessage Chunk(ulong height, Hash256 digest, int index, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length is 0 or > MaxChunkBytes) throw new ArgumentOutOfRangeException(nameof(payload), $"A chunk holds 1 to {MaxChunkBytes} bytes.");
        return new SnapshotMessage(SnapshotKey.ChunkOf(height, digest, index), null, payload);
    }

    /// <summary>A manifest record, keyed by its snapshot.</summary>
    public static SnapshotMessage Of(SnapshotManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new SnapshotMessage(SnapshotKey.ManifestOf(manifest.Height, manifest.Digest), manifest, ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>The tombstone of <paramref name="key"/>: a null value, which a compacting broker turns into the key's removal.</summary>
    public static Message<string, byte[]> Tombstone(SnapshotKey key) => new() { Key = key.ToString(), Value = null! };

    /// <summary>The Kafka record.</summary>
    public Message<string, byte[]> ToMessage()
    {
        if (Manifest is { } manifest)
        {
            return new Message<string, byte[]> { Key = Key.ToString(), Value = [WireFormat.SnapshotManifestV2, .. manifest.ToBytes()] };
        }

        var value = new byte[ChunkPrefix + Payload.Length];
        value[0] = WireFormat.SnapshotChunkV1;
        BinaryPrimitives.WriteUInt64BigEndian(value.AsSpan(1), Key.Height);
        BinaryPrimitives.WriteInt32BigEndian(value.AsSpan(9), Key.Chunk);
        Payload.Span.CopyTo(value.AsSpan(ChunkPrefix));
        return new Message<string, byte[]> { Key = Key.ToString(), Value = value };
    }

    /// <summary>
    /// Reads a record without throwing or copying a chunk's bytes: false with a typed reason (<c>malformed</c>, or the
    /// manifest's own) for a key that is not a snapshot key, an empty, unknown, short or oversized value, or a key that
    /// does not name what the value holds. A tombstone (null value) is the caller's to skip before calling this.
    /// </summary>
    public static bool TryParse(string? key, ReadOnlyMemory<byte> value, [NotNullWhen(true)] out SnapshotMessage? message, out ValidationResult error)
    {
        message = null;
        if (!SnapshotKey.TryParse(key, out var parsed))
        {
            error = ValidationResult.Fail(RejectReason.Malformed, $"key '{Shown(key)}' is not a snapshot key (snapshot/<height>/<digest>/chunk-NNNNN or …/manifest)");
            return false;
        }

        var span = value.Span;
        if (span.IsEmpty)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, $"{parsed}: an empty value");
            return false;
        }

        switch (span[0])
        {
            case WireFormat.SnapshotChunkV1:
                return TryParseChunk(parsed, value, out message, out error);
            case WireFormat.SnapshotManifestV2:
                if (!SnapshotManifest.TryRead(span[1..], out var manifest, out error))
                {
                    return false;
                }

                if (!parsed.IsManifest || !parsed.Names(manifest.Height, manifest.Digest))
                {
                    error = ValidationResult.Fail(RejectReason.Malformed, $"{parsed} does not name the manifest it holds ({SnapshotKey.ManifestOf(manifest.Height, manifest.Digest)})");
                    return false;
                }

                message = new SnapshotMessage(parsed, manifest, ReadOnlyMemory<byte>.Empty);
                return true;
            default:
                error = ValidationResult.Fail(RejectReason.Malformed, $"{parsed}: unknown format byte 0x{span[0]:x2} for a snapshot record");
                return false;
        }
    }

    private static bool TryParseChunk(SnapshotKey key, ReadOnlyMemory<byte> value, out SnapshotMessage? message, out ValidationResult error)
    {
        message = null;
        var span = value.Span;
        if (span.Length <= ChunkPrefix || span.Length - ChunkPrefix > MaxChunkBytes)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, $"{key}: a chunk of {span.Length - ChunkPrefix} bytes (1 to {MaxChunkBytes})");
            return false;
        }

        var height = BinaryPrimitives.ReadUInt64BigEndian(span[1..]);
        var index = BinaryPrimitives.ReadInt32BigEndian(span[9..]);
        if (key.IsManifest || key.Height != height || key.Chunk != index)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, $"{key} holds chunk {index} of height {height}");
            return false;
        }

        message = new SnapshotMessage(key, null, value[ChunkPrefix..]);
        error = ValidationResult.Ok;
        return true;
    }

    private static string Shown(string? key) => key is null ? "(null)" : key.Length <= MaxKeyShown ? key : key[..MaxKeyShown] + "…";
}
