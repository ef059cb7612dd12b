using System.Diagnostics.CodeAnalysis;

namespace AspireChain.Ledger;

/// <summary>
/// Rebuilds the snapshot a manifest names from its chunks, taken one at a time in order and each checked against its
/// signed hash as it comes, so a reader holds the snapshot's bytes (<see cref="BufferedBytes"/>, at most the manifest's
/// length) and nothing else; then checks the whole against the manifest and the chain (<see cref="TryComplete"/>).
/// The manifest's seal is not checked here: verify it (<see cref="SnapshotManifest.Verify"/>) before fetching anything.
/// </summary>
public sealed class SnapshotAssembly
{
    private readonly SnapshotManifest _manifest;
    private readonly byte[] _bytes;
    private int _filled;

    private SnapshotAssembly(SnapshotManifest manifest)
    {
        _manifest = manifest;
        _bytes = new byte[manifest.TotalBytes];
    }

    /// <summary>Index of the chunk <see cref="TryAdd"/> expects next.</summary>
    public int NextChunk { get; private set; }

    /// <summary>Bytes held for the snapshot (allocated once, the manifest's length).</summary>
    public int BufferedBytes => _bytes.Length;

    /// <summary>Starts rebuilding <paramref name="manifest"/>'s snapshot; <c>bad-snapshot</c> when its length cannot be one.</summary>
    public static bool TryStart(SnapshotManifest manifest, [NotNullWhen(true)] out SnapshotAssembly? assembly, out ValidationResult error)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        assembly = null;
        if (manifest.TotalBytes is < 0 or > int.MaxValue || manifest.TotalBytes > Array.MaxLength)
        {
            error = ValidationResult.Fail(RejectReason.BadSnapshot, $"length {manifest.TotalBytes} is out of range");
            return false;
        }
        assembly = new SnapshotAssembly(manifest);
        error = ValidationResult.Ok;
        return true;
    }

    /// <summary>Takes chunk <see cref="NextChunk"/>: <c>bad-snapshot</c> when it does not match its signed hash or overruns the signed length.</summary>
    public bool TryAdd(ReadOnlySpan<byte> chunk, out ValidationResult error)
    {
        var index = NextChunk;
        if (index >= _manifest.ChunkHashes.Count)
        {
            error = ValidationResult.Fail(RejectReason.BadSnapshot, $"snapshot {_manifest.Height}: more chunks than the {_manifest.ChunkHashes.Count} the manifest names");
            return false;
        }
        if ((long)_filled + chunk.Length > _bytes.Length || Hash256.Compute(chunk) != _manifest.ChunkHashes[index])
        {
            error = ValidationResult.Fail(RejectReason.BadSnapshot, $"snapshot {_manifest.Height}: chunk {index + 1} does not match its signed hash or length");
            return false;
        }
        chunk.CopyTo(_bytes.AsSpan(_filled));
        _filled += chunk.Length;
        NextChunk = index + 1;
        error = ValidationResult.Ok;
        return true;
    }

    /// <summary>
    /// Every chunk taken and the bytes add up to the signed length; they are a canonical snapshot of the signed height and
    /// tip whose headers link up to it and whose accounts give the state root the tip header commits to
    /// (<see cref="ChainSnapshot.Check"/>).
    /// </summary>
    public bool TryComplete(NetworkParameters network, [NotNullWhen(true)] out ChainSnapshot? snapshot, out ValidationResult error)
    {
        ArgumentNullException.ThrowIfNull(network);
        snapshot = null;
        if (NextChunk != _manifest.ChunkHashes.Count)
        {
            error = ValidationResult.Fail(RejectReason.MissingChunk, $"snapshot {_manifest.Height}: chunk {NextChunk + 1} of {_manifest.ChunkHashes.Count} was not taken");
            return false;
        }
        if (_filled != _bytes.Length)
        {
            error = ValidationResult.Fail(RejectReason.BadSnapshot, $"snapshot {_manifest.Height}: the chunks hold {_filled} bytes, the manifest says {_manifest.TotalBytes}");
            return false;
        }
        if (!ChainSnapshot.TryRead(_bytes, out var read, out error)) return false;
        if (read.Height != _manifest.Height || read.TipHeader.ComputeHash() != _manifest.TipHash || read.TipHeader.StateRoot != _manifest.StateRoot)
        {
            error = ValidationResult.Fail(RejectReason.BadSnapshot, $"the content is snapshot {read.Height} {read.TipHeader.ComputeHash()}, the signed manifest names {_manifest.Height} {_manifest.TipHash}");
            return false;
        }
        error = read.Check(network);
        if (!error.IsValid) return false;
        snapshot = read;
        return true;
    }
}
