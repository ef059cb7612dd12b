using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace AspireChain.Ledger;

/// <summary>
/// The signed index of one <see cref="ChainSnapshot"/> on the snapshots topic: height, tip hash, state root, the
/// <c>blocks</c> offset right after that height's record, the snapshot's byte length, and per chunk its SHA-256 and the
/// snapshots offset it was written at, sealed (<see cref="SnapshotSeal"/>) over a domain-separated digest of all of them.
/// Anyone can write to the topic, so a reader trusts a snapshot only when <see cref="Verify"/> passes and a
/// <see cref="SnapshotAssembly"/> rebuilt and checked it from chunks whose hashes the seal covers.
/// </summary>
public sealed class SnapshotManifest
{
    /// <summary>Domain separation: never mistaken for a signed transaction, an accepted block or a layout-1 manifest.</summary>
    public const string SigningDomain = "aspirechain/state-snapshot/v2";

    /// <summary>First bytes of the binary form ("ACM2": layout 2, chunk offsets beside the hashes).</summary>
    public const uint Magic = 0x41434D32;

    /// <summary>Most chunks a manifest may name (bounds what a reader holds for one snapshot).</summary>
    public const int MaxChunks = 4_096;

    private const int FixedSize = 4 + 8 + Hash256.Size + Hash256.Size + 8 + 8 + 4;
    private const int ChunkEntrySize = Hash256.Size + 8;

    /// <summary>Wraps a sealed manifest; nothing is verified here (see <see cref="Verify"/>).</summary>
    public SnapshotManifest(ulong height, Hash256 tipHash, Hash256 stateRoot, long blocksOffset, long totalBytes,
        IReadOnlyList<Hash256> chunkHashes, IReadOnlyList<long> chunkOffsets, SnapshotSeal seal)
    {
        ArgumentNullException.ThrowIfNull(chunkHashes);
        ArgumentNullException.ThrowIfNull(chunkOffsets);
        ArgumentNullException.ThrowIfNull(seal);
        if (chunkHashes.Count != chunkOffsets.Count) throw new ArgumentException("One offset per chunk hash.", nameof(chunkOffsets));
        Height = height;
        TipHash = tipHash;
        StateRoot = stateRoot;
        BlocksOffset = blocksOffset;
        TotalBytes = totalBytes;
        ChunkHashes = chunkHashes;
        ChunkOffsets = chunkOffsets;
        Seal = seal;
        Digest = SnapshotChunks.DigestOf(chunkHashes);
    }

    /// <summary>The snapshot's height.</summary>
    public ulong Height { get; }

    /// <summary>Hash of the block at <see cref="Height"/>.</summary>
    public Hash256 TipHash { get; }

    /// <summary>The state root block <see cref="Height"/> commits to.</summary>
    public Hash256 StateRoot { get; }

    /// <summary>The <c>blocks</c> offset right after block <see cref="Height"/>'s record: where a node joining from this snapshot reads on.</summary>
    public long BlocksOffset { get; }

    /// <summary>Byte length of the snapshot's binary form (the chunks concatenated).</summary>
    public long TotalBytes { get; }

    /// <summary>SHA-256 of each chunk, in order.</summary>
    public IReadOnlyList<Hash256> ChunkHashes { get; }

    /// <summary>The snapshots offset each chunk was written at, in order (strictly increasing): a reader fetches exactly these records.</summary>
    public IReadOnlyList<long> ChunkOffsets { get; }

    /// <summary>What seals the fields above (one validator's signature today).</summary>
    public SnapshotSeal Seal { get; }

    /// <summary>The snapshot digest (<see cref="SnapshotChunks.DigestOf"/> over <see cref="ChunkHashes"/>): names the snapshot in its record keys.</summary>
    public Hash256 Digest { get; }

    /// <summary>Seals the manifest of <paramref name="chunks"/>, written at <paramref name="chunkOffsets"/>, for nodes reading <c>blocks</c> on from <paramref name="blocksOffset"/>.</summary>
    public static SnapshotManifest Sign(SnapshotChunks chunks, IReadOnlyList<long> chunkOffsets, long blocksOffset, KeyPair validator, NetworkParameters network)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(chunkOffsets);
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(network);
        if (chunkOffsets.Count != chunks.Hashes.Count) throw new ArgumentException("One offset per chunk.", nameof(chunkOffsets));
        var offsets = chunkOffsets.ToArray();
        var seal = SnapshotSeal.Sign(SigningBytes(network.ChainId, chunks.Height, chunks.TipHash, chunks.StateRoot, blocksOffset, chunks.TotalBytes, chunks.Hashes, offsets), validator);
        return new SnapshotManifest(chunks.Height, chunks.TipHash, chunks.StateRoot, blocksOffset, chunks.TotalBytes, chunks.Hashes, offsets, seal);
    }

    /// <summary>
    /// Splits <paramref name="snapshot"/> into chunks of at most <paramref name="chunkBytes"/> and seals the manifest naming
    /// them as written one after another from snapshots offset <paramref name="firstChunkOffset"/> (a publisher that
    /// learns the real offsets uses <see cref="SnapshotChunks.Split"/> and <see cref="Sign"/>).
    /// </summary>
    public static (SnapshotManifest Manifest, IReadOnlyList<byte[]> Chunks) Create(
        ChainSnapshot snapshot, long blocksOffset, int chunkBytes, KeyPair validator, NetworkParameters network, long firstChunkOffset = 0)
    {
        var chunks = SnapshotChunks.Split(snapshot, chunkBytes);
        var offsets = Enumerable.Range(0, chunks.Chunks.Count).Select(i => firstChunkOffset + i).ToArray();
        return (Sign(chunks, offsets, blocksOffset, validator, network), chunks.Chunks);
    }

    /// <summary>
    /// The canonical bytes the seal signs: the domain, then SHA-256 of chain id, height, tip hash, state root, blocks
    /// offset, length, chunk count and each chunk's hash and offset.
    /// </summary>
    public static byte[] SigningBytes(uint chainId, ulong height, Hash256 tipHash, Hash256 stateRoot, long blocksOffset, long totalBytes,
        IReadOnlyList<Hash256> chunkHashes, IReadOnlyList<long> chunkOffsets)
    {
        ArgumentNullException.ThrowIfNull(chunkHashes);
        ArgumentNullException.ThrowIfNull(chunkOffsets);
        if (chunkHashes.Count != chunkOffsets.Count) throw new ArgumentException("One offset per chunk hash.", nameof(chunkOffsets));
        var domain = System.Text.Encoding.ASCII.GetBytes(SigningDomain);
        var bytes = new byte[domain.Length + 4 + 8 + 2 * Hash256.Size + 8 + 8 + 4 + chunkHashes.Count * ChunkEntrySize];
        var span = bytes.AsSpan();
        domain.CopyTo(span);
        var at = domain.Length;
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], chainId);
        BinaryPrimitives.WriteUInt64BigEndian(span[(at + 4)..], height);
        tipHash.WriteTo(span[(at + 12)..]);
        stateRoot.WriteTo(span[(at + 12 + Hash256.Size)..]);
        at += 12 + 2 * Hash256.Size;
        BinaryPrimitives.WriteInt64BigEndian(span[at..], blocksOffset);
        BinaryPrimitives.WriteInt64BigEndian(span[(at + 8)..], totalBytes);
        BinaryPrimitives.WriteInt32BigEndian(span[(at + 16)..], chunkHashes.Count);
        at += 20;
        for (var i = 0; i < chunkHashes.Count; i++)
        {
            chunkHashes[i].WriteTo(span[at..]);
            BinaryPrimitives.WriteInt64BigEndian(span[(at + Hash256.Size)..], chunkOffsets[i]);
            at += ChunkEntrySize;
        }
        // Hashed once more so the signed message has a fixed size whatever the chunk count.
        return [.. domain, .. SHA256.HashData(bytes)];
    }

    /// <summary>The seal verifies over exactly these fields for <paramref name="network"/> (<c>unknown-validator</c>, <c>bad-validator-signature</c>).</summary>
    public ValidationResult Verify(NetworkParameters network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Seal.Verify(network, SigningBytes(network.ChainId, Height, TipHash, StateRoot, BlocksOffset, TotalBytes, ChunkHashes, ChunkOffsets), $"snapshot {Height} {TipHash}");
    }

    /// <summary>
    /// Verifies the seal, takes every chunk by its signed hash from <paramref name="chunkByHash"/> (<c>missing-chunk</c>
    /// when one is not there), rebuilds the snapshot and checks it (<see cref="SnapshotAssembly"/>). For readers that already
    /// hold the chunks; a joining node fetches them one by one into a <see cref="SnapshotAssembly"/> instead.
    /// </summary>
    public bool TryAssemble(NetworkParameters network, Func<Hash256, byte[]?> chunkByHash, [NotNullWhen(true)] out ChainSnapshot? snapshot, out ValidationResult error)
    {
        ArgumentNullException.ThrowIfNull(chunkByHash);
        snapshot = null;
        error = Verify(network);
        if (!error.IsValid || !SnapshotAssembly.TryStart(this, out var assembly, out error)) return false;
        for (var i = 0; i < ChunkHashes.Count; i++)
        {
            var chunk = chunkByHash(ChunkHashes[i]);
            if (chunk is null)
            {
                error = ValidationResult.Fail(RejectReason.MissingChunk, $"snapshot {Height}: chunk {i + 1} of {ChunkHashes.Count} ({ChunkHashes[i]}) is not on the topic");
                return false;
            }
            if (!assembly.TryAdd(chunk, out error)) return false;
        }
        return assembly.TryComplete(network, out snapshot, out error);
    }

    /// <summary>The binary form: magic, height, tip hash, state root, blocks offset, length, chunk count, per chunk hash and offset, then the seal.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[FixedSize + ChunkHashes.Count * ChunkEntrySize + SnapshotSeal.Size];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, Magic);
        BinaryPrimitives.WriteUInt64BigEndian(span[4..], Height);
        TipHash.WriteTo(span[12..]);
        StateRoot.WriteTo(span[(12 + Hash256.Size)..]);
        var at = 12 + 2 * Hash256.Size;
        BinaryPrimitives.WriteInt64BigEndian(span[at..], BlocksOffset);
        BinaryPrimitives.WriteInt64BigEndian(span[(at + 8)..], TotalBytes);
        BinaryPrimitives.WriteInt32BigEndian(span[(at + 16)..], ChunkHashes.Count);
        at = FixedSize;
        for (var i = 0; i < ChunkHashes.Count; i++)
        {
            ChunkHashes[i].WriteTo(span[at..]);
            BinaryPrimitives.WriteInt64BigEndian(span[(at + Hash256.Size)..], ChunkOffsets[i]);
            at += ChunkEntrySize;
        }
        Seal.WriteTo(span[at..]);
        return bytes;
    }

    /// <summary>Reads the binary form without throwing: the chunk count must match the length, and the offsets be non-negative and strictly increasing.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, [NotNullWhen(true)] out SnapshotManifest? manifest, out ValidationResult error)
    {
        manifest = null;
        if (source.Length < FixedSize + SnapshotSeal.Size || BinaryPrimitives.ReadUInt32BigEndian(source) != Magic)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, "not a snapshot manifest (layout 2)");
            return false;
        }
        var count = BinaryPrimitives.ReadInt32BigEndian(source[(FixedSize - 4)..]);
        if (count is < 0 or > MaxChunks || source.Length != FixedSize + count * ChunkEntrySize + SnapshotSeal.Size)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, $"chunk count {count} does not match {source.Length} bytes");
            return false;
        }
        var hashes = new Hash256[count];
        var offsets = new long[count];
        for (var i = 0; i < count; i++)
        {
            var entry = source.Slice(FixedSize + i * ChunkEntrySize, ChunkEntrySize);
            hashes[i] = new Hash256(entry[..Hash256.Size]);
            offsets[i] = BinaryPrimitives.ReadInt64BigEndian(entry[Hash256.Size..]);
            if (offsets[i] < 0 || (i > 0 && offsets[i] <= offsets[i - 1]))
            {
                error = ValidationResult.Fail(RejectReason.Malformed, $"chunk {i + 1}'s offset {offsets[i]} is negative or not after the one before");
                return false;
            }
        }
        if (!SnapshotSeal.TryRead(source[(FixedSize + count * ChunkEntrySize)..], out var seal, out error)) return false;
        var at = 12 + 2 * Hash256.Size;
        manifest = new SnapshotManifest(
            BinaryPrimitives.ReadUInt64BigEndian(source[4..]),
            new Hash256(source.Slice(12, Hash256.Size)),
            new Hash256(source.Slice(12 + Hash256.Size, Hash256.Size)),
            BinaryPrimitives.ReadInt64BigEndian(source[at..]),
            BinaryPrimitives.ReadInt64BigEndian(source[(at + 8)..]),
            hashes,
            offsets,
            seal);
        error = ValidationResult.Ok;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"snapshot {Height} {TipHash} blocks-offset={BlocksOffset} {ChunkHashes.Count} chunks by {Seal.Validator.Address}";
}
