using AspireChain.Ledger;

namespace AspireChain.Validator.Snapshots;

/// <summary>
/// Which sealed snapshots are live on <c>snapshots</c> as far as this publisher knows (those it wrote, and those with a
/// verified manifest it found there at start), and which to retire once a new one is written: all but the newest
/// <c>keep</c> by height (the later written first among equal heights). Retiring one means a tombstone under each of its
/// keys, so a compacting broker drops old snapshots instead of keeping them for ever. Junk on the topic is never counted:
/// only a verified manifest makes a snapshot live, so nobody can push a real snapshot out by announcing a newer one.
/// </summary>
internal sealed class SnapshotRetention(int keep)
{
    private readonly int _keep = Math.Max(1, keep);
    private readonly List<LiveSnapshot> _live = [];
    private long _sequence;

    /// <summary>Snapshots known to be live, newest first.</summary>
    public IReadOnlyList<LiveSnapshot> Live => _live;

    /// <summary>Records a live snapshot; the same snapshot (height and digest: the same keys) again only moves it to the latest written.</summary>
    public void Add(SnapshotManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        _live.RemoveAll(s => s.Height == manifest.Height && s.Digest == manifest.Digest);
        _live.Add(new LiveSnapshot(manifest.Height, manifest.Digest, manifest.ChunkHashes.Count, ++_sequence));
        _live.Sort(static (a, b) => a.Height != b.Height ? b.Height.CompareTo(a.Height) : b.Sequence.CompareTo(a.Sequence));
    }

    /// <summary>What writing <paramref name="manifest"/> would retire: every live snapshot beyond the newest <c>keep</c> once it is added, without changing anything.</summary>
    public IReadOnlyList<LiveSnapshot> Retiring(SnapshotManifest manifest)
    {
        var after = new SnapshotRetention(_keep);
        after._live.AddRange(_live);
        after._sequence = _sequence;
        after.Add(manifest);
        return after._live.Skip(_keep).ToList();
    }

    /// <summary>Records <paramref name="manifest"/> as written and the snapshots it retired as gone.</summary>
    public void Published(SnapshotManifest manifest)
    {
        Add(manifest);
        if (_live.Count > _keep)
        {
            _live.RemoveRange(_keep, _live.Count - _keep);
        }
    }
}
