using AspireChain.Ledger;
using AspireChain.Validator.Snapshots;

namespace AspireChain.Validator.Tests;

/// <summary>Which snapshots a publish retires: all but the newest kept by height, the same snapshot (same keys) never twice.</summary>
public sealed class SnapshotRetentionTests
{
    private static readonly KeyPair Key = KeyPair.FromSeed([0x52, 0x01]);

    [Fact]
    public void A_publish_retires_every_snapshot_beyond_the_newest_kept_by_height()
    {
        var retention = new SnapshotRetention(keep: 2);
        retention.Add(Manifest(30, "c"));
        retention.Add(Manifest(10, "a"));
        retention.Add(Manifest(20, "b"));

        var retiring = retention.Retiring(Manifest(40, "d"));
        Assert.Equal([20UL, 10UL], retiring.Select(r => r.Height));
        Assert.Equal(3, retention.Live.Count); // Nothing changes until the transaction committed.
        Assert.Equal(3, retiring[0].Keys.Count()); // Two chunks and the manifest.

        retention.Published(Manifest(40, "d"));
        Assert.Equal([40UL, 30UL], retention.Live.Select(r => r.Height));
    }

    [Fact]
    public void The_same_snapshot_again_is_one_live_snapshot_and_never_retires_itself()
    {
        var retention = new SnapshotRetention(keep: 1);
        retention.Published(Manifest(10, "a"));

        Assert.Empty(retention.Retiring(Manifest(10, "a")));
        retention.Published(Manifest(10, "a"));
        Assert.Single(retention.Live);

        // At least one is kept whatever the setting.
        var none = new SnapshotRetention(keep: 0);
        none.Published(Manifest(5, "x"));
        Assert.Single(none.Live);
    }

    private static SnapshotManifest Manifest(ulong height, string content)
    {
        Hash256[] hashes = [Hash256.Compute(System.Text.Encoding.ASCII.GetBytes(content)), Hash256.Compute("second"u8)];
        long[] offsets = [0, 1];
        var seal = SnapshotSeal.Sign(SnapshotManifest.SigningBytes(1, height, Hash256.Zero, Hash256.Zero, 0, 2048, hashes, offsets), Key);
        return new SnapshotManifest(height, Hash256.Zero, Hash256.Zero, 0, 2048, hashes, offsets, seal);
    }
}
