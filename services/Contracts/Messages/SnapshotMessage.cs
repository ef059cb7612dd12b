using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using AspireChain.Contracts.Kafka;
using AspireChain.Ledger;
using Confluent.Kafka;

namespace AspireChain.Contracts.Messages;

/// <summary>
/// One record on <see cref="Topics.Snapshots"/>, binary: either a chunk of a <see cref="ChainSnapshot"/>'s bytes
/// (<c>'C'</c>, height(8), index(4), payload; key <c>chunk-NNNNN</c>) or the signed <see cref="SnapshotManifest"/> naming
/// the chunks by hash (<c>'M'</c>, manifest bytes; key <c>manifest</c>). The Validator writes a snapshot's chunks then its
/// manifest in one Kafka transaction; a reader trusts only what the manifest's signature and hashes cover.
/// </summary>
public sealed record SnapshotMessage
{
    /// <summary>Largest chunk payload the Validator writes (records stay well under the broker's message size limit).</summary>
    public const int MaxChunkBytes = 512 * 1024;

    /// <summary>The record key of the manifest.</summary>
    public const string ManifestKey = "manifest";

    private const byte ChunkKind = (byte)'C';
    private const byte ManifestKind = (byte)'M';
    private const int ChunkPrefix = 1 + 8 + 4;

    private SnapshotMessage(SnapshotManifest? manifest, ulong height, int index, byte[]? payload)
    {
        Manifest = manifest;
        Height = height;
        Index = index;
        Payload = payload;
    }

    /// <summary>The manifest, when this record is one.</summary>
    public SnapshotManifest? Manifest { get; }

    /// <summary>The snapshot height the chunk belongs to (informational: the manifest's hashes decide).</summary>
    public ulong Height { get; }

    /// <summary>The chunk's position (informational).</summary>
    public int Index { get; }

    /// <summary>The chunk's bytes, when this record is a chunk.</summary>
    public byte[]? Payload { get; }

    /// <summary>A chunk record.</summary>
    public static SnapshotMessage Chunk(ulong height, int index, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return new SnapshotMessage(null, height, index, payload);
    }

    /// <summary>A manifest record.</summary>
    public static SnapshotMessage Of(SnapshotManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new SnapshotMessage(manifest, manifest.Height, -1, null);
    }

    /// <summary>The record key of chunk <paramref name="index"/>: one per position, so compaction keeps the newest snapshot's.</summary>
    public static string ChunkKey(int index) => "chunk-" + index.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>The Kafka record.</summary>
    public Message<string, byte[]> ToMessage()
    {
        if (Manifest is { } manifest)
        {
            return new Message<string, byte[]> { Key = ManifestKey, Value = [ManifestKind, .. manifest.ToBytes()] };
        }

        var value = new byte[ChunkPrefix + Payload!.Length];
        value[0] = ChunkKind;
        BinaryPrimitives.WriteUInt64BigEndian(value.AsSpan(1), Height);
        BinaryPrimitives.WriteInt32BigEndian(value.AsSpan(9), Index);
        Payload.CopyTo(value.AsSpan(ChunkPrefix));
        return new Message<string, byte[]> { Key = ChunkKey(Index), Value = value };
    }

    /// <summary>Reads a record value without throwing: false with a typed reason for anything that is not a chunk or a manifest.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, [NotNullWhen(true)] out SnapshotMessage? message, out ValidationResult error)
    {
        message = null;
        if (value.Length > ChunkPrefix && value[0] == ChunkKind)
        {
            var index = BinaryPrimitives.ReadInt32BigEndian(value[9..]);
            if (index < 0 || value.Length - ChunkPrefix > MaxChunkBytes)
            {
                error = ValidationResult.Fail(RejectReason.Malformed, $"chunk index {index} or length {value.Length - ChunkPrefix} out of range");
                return false;
            }

            message = Chunk(BinaryPrimitives.ReadUInt64BigEndian(value[1..]), index, value[ChunkPrefix..].ToArray());
            error = ValidationResult.Ok;
            return true;
        }

        if (value.Length > 1 && value[0] == ManifestKind)
        {
            if (!SnapshotManifest.TryRead(value[1..], out var manifest, out error))
            {
                return false;
            }

            message = Of(manifest);
            return true;
        }

        error = ValidationResult.Fail(RejectReason.Malformed, "not a snapshot chunk or manifest");
        return false;
    }
}
