using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using AspireChain.Contracts.Kafka;
using AspireChain.Ledger;

namespace AspireChain.Contracts.Messages;

/// <summary>
/// The key of a record on <see cref="Topics.Snapshots"/>: <c>snapshot/&lt;height&gt;/&lt;digest&gt;/chunk-NNNNN</c> or
/// <c>snapshot/&lt;height&gt;/&lt;digest&gt;/manifest</c>, where the digest is the first 8 bytes (16 hex digits) of the
/// snapshot's <see cref="SnapshotChunks.Digest"/>. Keys are per snapshot, never per position: on a compacted topic a
/// newer snapshot, or junk under another snapshot's or the first layout's keys (<c>chunk-00003</c>, <c>manifest</c>),
/// never displaces a snapshot's records; retiring one takes a tombstone under each of its own keys.
/// </summary>
public readonly record struct SnapshotKey
{
    /// <summary>What every snapshot key starts with.</summary>
    public const string Prefix = "snapshot/";

    /// <summary>Hex digits of the digest a key carries.</summary>
    public const int DigestDigits = 16;

    private const string ManifestPart = "manifest";
    private const string ChunkPart = "chunk-";
    private const int IndexDigits = 5;
    private const int MaxLength = 64;

    private SnapshotKey(ulong height, string digest, int chunk)
    {
        Height = height;
        Digest = digest;
        Chunk = chunk;
    }

    /// <summary>The snapshot's height.</summary>
    public ulong Height { get; }

    /// <summary>The snapshot's digest prefix, 16 lowercase hex digits.</summary>
    public string Digest { get; }

    /// <summary>The chunk's index, or −1 for the manifest.</summary>
    public int Chunk { get; }

    /// <summary>True for the manifest's key.</summary>
    public bool IsManifest => Chunk < 0;

    /// <summary>The key of the manifest of the snapshot at <paramref name="height"/> with <paramref name="digest"/>.</summary>
    public static SnapshotKey ManifestOf(ulong height, Hash256 digest) => new(height, DigestPrefix(digest), -1);

    /// <summary>The key of chunk <paramref name="index"/> of the snapshot at <paramref name="height"/> with <paramref name="digest"/>.</summary>
    public static SnapshotKey ChunkOf(ulong height, Hash256 digest, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SnapshotManifest.MaxChunks);
        return new SnapshotKey(height, DigestPrefix(digest), index);
    }

    /// <summary>Every key of a snapshot: its chunks', then its manifest's (what retiring it tombstones).</summary>
    public static IEnumerable<SnapshotKey> AllOf(ulong height, Hash256 digest, int chunkCount)
    {
        for (var i = 0; i < chunkCount; i++)
        {
            yield return ChunkOf(height, digest, i);
        }

        yield return ManifestOf(height, digest);
    }

    /// <summary>True when this key names the snapshot at <paramref name="height"/> with <paramref name="digest"/>.</summary>
    public bool Names(ulong height, Hash256 digest) => Height == height && string.Equals(Digest, DigestPrefix(digest), StringComparison.Ordinal);

    /// <summary>Reads a record key without throwing: only the canonical form (decimal height without leading zeros, lowercase hex, five-digit index below <see cref="SnapshotManifest.MaxChunks"/>).</summary>
    public static bool TryParse([NotNullWhen(true)] string? key, out SnapshotKey parsed)
    {
        parsed = default;
        if (key is null || key.Length > MaxLength || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = key.AsSpan(Prefix.Length);
        var slash = parts.IndexOf('/');
        if (slash <= 0 || !TryParseHeight(parts[..slash], out var height))
        {
            return false;
        }

        parts = parts[(slash + 1)..];
        if (parts.Length <= DigestDigits || parts[DigestDigits] != '/' || !IsLowerHex(parts[..DigestDigits]))
        {
            return false;
        }

        var digest = parts[..DigestDigits].ToString();
        var part = parts[(DigestDigits + 1)..];
        if (part.SequenceEqual(ManifestPart))
        {
            parsed = new SnapshotKey(height, digest, -1);
            return true;
        }

        if (part.Length != ChunkPart.Length + IndexDigits || !part.StartsWith(ChunkPart, StringComparison.Ordinal)
            || !int.TryParse(part[ChunkPart.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || index >= SnapshotManifest.MaxChunks)
        {
            return false;
        }

        parsed = new SnapshotKey(height, digest, index);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Height}/{Digest}/{(IsManifest ? ManifestPart : ChunkPart + Chunk.ToString("D5", CultureInfo.InvariantCulture))}");

    private static string DigestPrefix(Hash256 digest) => digest.ToString()[..DigestDigits];

    private static bool TryParseHeight(ReadOnlySpan<char> text, out ulong height)
    {
        height = 0;
        // Canonical: one spelling per height, so one snapshot has one set of keys.
        return (text.Length == 1 || text[0] != '0')
            && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out height);
    }

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is not (>= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
