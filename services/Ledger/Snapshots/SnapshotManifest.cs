using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace AspireChain.Ledger;

/// <summary>
/// The signed index of one <see cref="ChainSnapshot"/> on the snapshots topic: height, tip hash, state root, the
/// <c>blocks</c> offset right after that height's record, the snapshot's byte length and the SHA-256 of each chunk,
/// signed by a validator key (ECDSA P-256, low-S) over a domain-separated digest of all of them. Anyone can write to the
/// topic, so a reader trusts a snapshot only when <see cref="Verify"/> passes and <see cref="TryAssemble"/> rebuilt and
/// checked it from chunks whose hashes the signature covers.
/// </summary>
public sealed class SnapshotManifest
{
    /// <summary>Domain separation: never mistaken for a signed transaction or accepted block.</summary>
    public const string SigningDomain = "aspirechain/state-snapshot/v1";

    /// <summary>First bytes of the binary form ("ACSM").</summary>
    public const uint Magic = 0x4143534D;

    /// <summary>Most chunks a manifest may name (bounds what a reader holds for one snapshot).</summary>
    public const int MaxChunks = 4_096;

    private const int FixedSize = 4 + 8 + Hash256.Size + Hash256.Size + 8 + 8 + 4;
    private readonly byte[] _signature;

    /// <summary>Wraps a signed manifest; nothing is verified here (see <see cref="Verify"/>).</summary>
    public SnapshotManifest(ulong height, Hash256 tipHash, Hash256 stateRoot, long blocksOffset, long totalBytes,
        IReadOnlyList<Hash256> chunkHashes, PublicKey validator, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(chunkHashes);
        ArgumentNullException.ThrowIfNull(validator);
        if (signature.Length != Ledger.Signature.Size) throw new ArgumentException($"A signature is {Ledger.Signature.Size} bytes.", nameof(signature));
        Height = height;
        TipHash = tipHash;
        StateRoot = stateRoot;
        BlocksOffset = blocksOffset;
        TotalBytes = totalBytes;
        ChunkHashes = chunkHashes;
        Validator = validator;
        _signature = signature.ToArray();
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

    /// <summary>The key that signed (must be one the network pins).</summary>
    public PublicKey Validator { get; }

    /// <summary>64 bytes, r || s, low-S.</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>Splits <paramref name="snapshot"/> into chunks of at most <paramref name="chunkBytes"/> and signs the manifest naming them.</summary>
    public static (SnapshotManifest Manifest, IReadOnlyList<byte[]> Chunks) Create(
        ChainSnapshot snapshot, long blocksOffset, int chunkBytes, KeyPair validator, NetworkParameters network)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 1024);
        var bytes = snapshot.ToBytes();
        var chunks = new List<byte[]>();
        for (var at = 0; at < bytes.Length; at += chunkBytes) chunks.Add(bytes.AsSpan(at, Math.Min(chunkBytes, bytes.Length - at)).ToArray());
        if (chunks.Count > MaxChunks) throw new InvalidOperationException($"{chunks.Count} chunks exceed {MaxChunks}: raise the chunk size.");
        var hashes = chunks.Select(c => Hash256.Compute(c)).ToArray();
        var tip = snapshot.TipHeader;
        var signature = validator.Sign(SigningBytes(network.ChainId, snapshot.Height, tip.ComputeHash(), tip.StateRoot, blocksOffset, bytes.Length, hashes));
        return (new SnapshotManifest(snapshot.Height, tip.ComputeHash(), tip.StateRoot, blocksOffset, bytes.Length, hashes, validator.PublicKey, signature), chunks);
    }

    /// <summary>The canonical bytes a validator signs: domain, chain id, height, tip hash, state root, blocks offset, length, chunk count and hashes.</summary>
    public static byte[] SigningBytes(uint chainId, ulong height, Hash256 tipHash, Hash256 stateRoot, long blocksOffset, long totalBytes, IReadOnlyList<Hash256> chunkHashes)
    {
        ArgumentNullException.ThrowIfNull(chunkHashes);
        var domain = System.Text.Encoding.ASCII.GetBytes(SigningDomain);
        var bytes = new byte[domain.Length + 4 + 8 + 2 * Hash256.Size + 8 + 8 + 4 + chunkHashes.Count * Hash256.Size];
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
        foreach (var hash in chunkHashes)
        {
            hash.WriteTo(span[at..]);
            at += Hash256.Size;
        }
        // Hashed once more so the signed message has a fixed size whatever the chunk count.
        return [.. domain, .. SHA256.HashData(bytes)];
    }

    /// <summary>Signed by a key <paramref name="network"/> pins (<c>unknown-validator</c>) over exactly these fields (<c>bad-validator-signature</c>).</summary>
    public ValidationResult Verify(NetworkParameters network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!network.IsValidatorKey(Validator))
            return ValidationResult.Fail(RejectReason.UnknownValidator, $"snapshot {Height} is signed by {Validator.Address}, not a validator key of network {network.Name}");
        if (!Validator.Verify(SigningBytes(network.ChainId, Height, TipHash, StateRoot, BlocksOffset, TotalBytes, ChunkHashes), _signature))
            return ValidationResult.Fail(RejectReason.BadValidatorSignature, $"the validator signature over snapshot {Height} {TipHash} does not verify (or is high-S)");
        return ValidationResult.Ok;
    }

    /// <summary>
    /// Verifies the signature, finds every chunk by its signed hash (<c>missing-chunk</c> when one is not there: an
    /// incomplete or aborted set), rebuilds the snapshot and checks it against the signed fields and the chain
    /// (<see cref="ChainSnapshot.Check"/>, including the recomputed state root).
    /// </summary>
    public bool TryAssemble(NetworkParameters network, Func<Hash256, byte[]?> chunkByHash, [NotNullWhen(true)] out ChainSnapshot? snapshot, out ValidationResult error)
    {
        ArgumentNullException.ThrowIfNull(chunkByHash);
        snapshot = null;
        error = Verify(network);
        if (!error.IsValid) return false;
        if (TotalBytes is < 0 or > int.MaxValue)
        {
            error = ValidationResult.Fail(RejectReason.BadSnapshot, $"length {TotalBytes} is out of range");
            return false;
        }
        var bytes = new byte[TotalBytes];
        var at = 0L;
        for (var i = 0; i < ChunkHashes.Count; i++)
        {
            var chunk = chunkByHash(ChunkHashes[i]);
            if (chunk is null)
            {
                error = ValidationResult.Fail(RejectReason.MissingChunk, $"snapshot {Height}: chunk {i + 1} of {ChunkHashes.Count} ({ChunkHashes[i]}) is not on the topic");
                return false;
            }
            if (at + chunk.Length > TotalBytes || Hash256.Compute(chunk) != ChunkHashes[i])
            {
                error = ValidationResult.Fail(RejectReason.BadSnapshot, $"snapshot {Height}: chunk {i + 1} does not match its signed hash or length");
                return false;
            }
            chunk.CopyTo(bytes.AsSpan((int)at));
            at += chunk.Length;
        }
        if (at != TotalBytes)
        {
            error = ValidationResult.Fail(RejectReason.BadSnapshot, $"snapshot {Height}: the chunks hold {at} bytes, the manifest says {TotalBytes}");
            return false;
        }
        if (!ChainSnapshot.TryRead(bytes, out var read, out error)) return false;
        if (read.Height != Height || read.TipHeader.ComputeHash() != TipHash || read.TipHeader.StateRoot != StateRoot)
        {
            error = ValidationResult.Fail(RejectReason.BadSnapshot, $"the content is snapshot {read.Height} {read.TipHeader.ComputeHash()}, the signed manifest names {Height} {TipHash}");
            return false;
        }
        error = read.Check(network);
        if (!error.IsValid) return false;
        snapshot = read;
        return true;
    }

    /// <summary>The binary form: magic, height, tip hash, state root, offset, length, chunk count, hashes, key, signature.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[FixedSize + ChunkHashes.Count * Hash256.Size + PublicKey.Size + Ledger.Signature.Size];
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
        foreach (var hash in ChunkHashes)
        {
            hash.WriteTo(span[at..]);
            at += Hash256.Size;
        }
        Validator.Bytes.CopyTo(span[at..]);
        _signature.CopyTo(span[(at + PublicKey.Size)..]);
        return bytes;
    }

    /// <summary>Reads the binary form without throwing.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, [NotNullWhen(true)] out SnapshotManifest? manifest, out ValidationResult error)
    {
        manifest = null;
        if (source.Length < FixedSize + PublicKey.Size + Ledger.Signature.Size || BinaryPrimitives.ReadUInt32BigEndian(source) != Magic)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, "not a snapshot manifest");
            return false;
        }
        var count = BinaryPrimitives.ReadInt32BigEndian(source[(FixedSize - 4)..]);
        if (count is < 0 or > MaxChunks || source.Length != FixedSize + count * Hash256.Size + PublicKey.Size + Ledger.Signature.Size)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, $"chunk count {count} does not match {source.Length} bytes");
            return false;
        }
        var hashes = new Hash256[count];
        for (var i = 0; i < count; i++) hashes[i] = new Hash256(source.Slice(FixedSize + i * Hash256.Size, Hash256.Size));
        var keyAt = FixedSize + count * Hash256.Size;
        if (!PublicKey.TryRead(source.Slice(keyAt, PublicKey.Size), out var key))
        {
            error = ValidationResult.Fail(RejectReason.BadPublicKey, "the validator key is not a P-256 point");
            return false;
        }
        var at = 12 + 2 * Hash256.Size;
        manifest = new SnapshotManifest(
            BinaryPrimitives.ReadUInt64BigEndian(source[4..]),
            new Hash256(source.Slice(12, Hash256.Size)),
            new Hash256(source.Slice(12 + Hash256.Size, Hash256.Size)),
            BinaryPrimitives.ReadInt64BigEndian(source[at..]),
            BinaryPrimitives.ReadInt64BigEndian(source[(at + 8)..]),
            hashes,
            key,
            source.Slice(keyAt + PublicKey.Size, Ledger.Signature.Size));
        error = ValidationResult.Ok;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"snapshot {Height} {TipHash} blocks-offset={BlocksOffset} {ChunkHashes.Count} chunks by {Validator.Address}";
}
