using System.Security.Cryptography;

namespace AspireChain.Ledger;

/// <summary>
/// A <see cref="ChainSnapshot"/>'s binary form cut into chunks, with what a publisher needs before it writes them: each
/// chunk's SHA-256 and the snapshot's <see cref="Digest"/>, which names the snapshot in its record keys. The manifest is
/// signed only once the chunks are written (<see cref="SnapshotManifest.Sign"/>), since it names where they landed.
/// </summary>
public sealed class SnapshotChunks
{
    private SnapshotChunks(ChainSnapshot snapshot, IReadOnlyList<byte[]> chunks, long totalBytes)
    {
        Height = snapshot.Height;
        TipHash = snapshot.TipHeader.ComputeHash();
        StateRoot = snapshot.TipHeader.StateRoot;
        Chunks = chunks;
        Hashes = chunks.Select(c => Hash256.Compute(c)).ToArray();
        TotalBytes = totalBytes;
        Digest = DigestOf(Hashes);
    }

    /// <summary>The snapshot's height.</summary>
    public ulong Height { get; }

    /// <summary>Hash of the block at <see cref="Height"/>.</summary>
    public Hash256 TipHash { get; }

    /// <summary>The state root that block commits to.</summary>
    public Hash256 StateRoot { get; }

    /// <summary>The chunks, in order.</summary>
    public IReadOnlyList<byte[]> Chunks { get; }

    /// <summary>SHA-256 of each chunk, in order.</summary>
    public IReadOnlyList<Hash256> Hashes { get; }

    /// <summary>Byte length of the snapshot's binary form.</summary>
    public long TotalBytes { get; }

    /// <summary>SHA-256 over the chunk hashes in order (<see cref="DigestOf"/>): names this snapshot's bytes as chunked.</summary>
    public Hash256 Digest { get; }

    /// <summary>Cuts <paramref name="snapshot"/>'s binary form into chunks of at most <paramref name="chunkBytes"/> (at least 1,024).</summary>
    public static SnapshotChunks Split(ChainSnapshot snapshot, int chunkBytes)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 1024);
        var bytes = snapshot.ToBytes();
        var chunks = new List<byte[]>();
        for (var at = 0; at < bytes.Length; at += chunkBytes) chunks.Add(bytes.AsSpan(at, Math.Min(chunkBytes, bytes.Length - at)).ToArray());
        if (chunks.Count > SnapshotManifest.MaxChunks) throw new InvalidOperationException($"{chunks.Count} chunks exceed {SnapshotManifest.MaxChunks}: raise the chunk size.");
        return new SnapshotChunks(snapshot, chunks, bytes.Length);
    }

    /// <summary>The snapshot digest: SHA-256 of the chunk hashes concatenated in order (32 bytes each).</summary>
    public static Hash256 DigestOf(IReadOnlyList<Hash256> chunkHashes)
    {
        ArgumentNullException.ThrowIfNull(chunkHashes);
        var bytes = new byte[chunkHashes.Count * Hash256.Size];
        for (var i = 0; i < chunkHashes.Count; i++) chunkHashes[i].WriteTo(bytes.AsSpan(i * Hash256.Size));
        return new Hash256(SHA256.HashData(bytes));
    }
}
