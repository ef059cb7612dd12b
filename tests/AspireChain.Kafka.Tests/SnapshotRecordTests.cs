using AspireChain.Contracts.Messages;
using AspireChain.Ledger;
using AspireChain.Testing;
using Confluent.Kafka;
using CsCheck;

namespace AspireChain.Kafka.Tests;

/// <summary>
/// The records of <c>snapshots</c>: keyed per snapshot (height and digest), so on a compacting broker no other snapshot
/// and no junk under the first layout's keys or guessed ones displaces a snapshot's records; and read without throwing.
/// </summary>
public sealed class SnapshotRecordTests
{
    private static readonly ChainSnapshot Snapshot = SnapshotAt(20);

    [Fact]
    public void Keys_name_the_snapshot_by_height_and_digest_so_two_snapshots_never_share_one()
    {
        var small = SnapshotChunks.Split(Snapshot, 1024);
        var large = SnapshotChunks.Split(Snapshot, 4096);
        var later = SnapshotChunks.Split(SnapshotAt(21), 1024);
        Assert.NotEqual(small.Digest, large.Digest);

        var prefix = small.Digest.ToString()[..16];
        Assert.Equal($"snapshot/20/{prefix}/chunk-00003", SnapshotKey.ChunkOf(20, small.Digest, 3).ToString());
        Assert.Equal($"snapshot/20/{prefix}/manifest", SnapshotKey.ManifestOf(20, small.Digest).ToString());

        // The same height chunked differently, and the next snapshot: disjoint key sets (positional keys shared all of them).
        var keys = new[] { small, large, later }.Select(c => SnapshotKey.AllOf(c.Height, c.Digest, c.Chunks.Count).Select(k => k.ToString()).ToHashSet()).ToList();
        Assert.All(keys, k => Assert.True(k.Count > 1));
        Assert.Empty(keys[0].Intersect(keys[1]));
        Assert.Empty(keys[0].Intersect(keys[2]));
        Assert.Empty(keys[1].Intersect(keys[2]));
    }

    [Fact]
    public void Only_the_canonical_key_parses_and_it_reads_back_what_was_written()
    {
        var digest = SnapshotChunks.Split(Snapshot, 1024).Digest;
        foreach (var key in (SnapshotKey[])[SnapshotKey.ManifestOf(3, digest), SnapshotKey.ChunkOf(3, digest, 0), SnapshotKey.ChunkOf(ulong.MaxValue, digest, SnapshotManifest.MaxChunks - 1)])
        {
            Assert.True(SnapshotKey.TryParse(key.ToString(), out var parsed));
            Assert.Equal(key, parsed);
        }

        var prefix = digest.ToString()[..16];
        string?[] refused =
        [
            null, "", "manifest", "chunk-00000", "snapshot/", "snapshot/3", $"snapshot/03/{prefix}/manifest", $"snapshot/-3/{prefix}/manifest",
            $"snapshot/+3/{prefix}/manifest", $"snapshot/3/{prefix.ToUpperInvariant()}/manifest", $"snapshot/3/{prefix[..15]}/manifest",
            $"snapshot/3/{prefix}0/manifest", $"snapshot/3/{prefix}/chunk-0003", $"snapshot/3/{prefix}/chunk-04096", $"snapshot/3/{prefix}/chunk-+0003",
            $"snapshot/3/{prefix}/manifest/", $"snapshot/3/{prefix}/Manifest", $"snapshot/18446744073709551616/{prefix}/manifest",
            $"snapshot/3/{prefix}/chunk-00003" + new string('0', 100),
        ];
        Assert.All(refused, key => Assert.False(SnapshotKey.TryParse(key, out _), key));
    }

    [Fact]
    public void On_a_compacted_topic_junk_under_the_first_layouts_keys_or_guessed_ones_displaces_no_snapshot_record()
    {
        var older = Records(SnapshotChunks.Split(Snapshot, 1024));
        var newer = Records(SnapshotChunks.Split(SnapshotAt(21), 1024));
        var guessedDigest = Hash256.Compute("a guess"u8);
        Message<string, byte[]>[] junk =
        [
            .. Enumerable.Range(0, 8).Select(i => Junk($"chunk-{i:D5}")), Junk("manifest"),
            .. Enumerable.Range(0, 8).Select(i => Junk(SnapshotKey.ChunkOf(21, guessedDigest, i).ToString())), Junk(SnapshotKey.ManifestOf(21, guessedDigest).ToString()),
            Junk(SnapshotKey.ManifestOf(22, guessedDigest).ToString()),
        ];

        // What a compacting broker keeps: the last record of each key.
        var log = older.Concat(newer).Concat(junk).ToList();
        var kept = log.GroupBy(m => m.Key).Select(g => g.Last()).ToHashSet();

        Assert.All(older.Concat(newer), record => Assert.Contains(record, kept));
    }

    [Fact]
    public void A_chunk_and_a_manifest_read_back_and_a_record_whose_key_does_not_name_its_value_is_malformed()
    {
        using var validator = DevValidator.CreateKeyPair();
        var parts = SnapshotChunks.Split(Snapshot, 1024);
        var manifest = SnapshotManifest.Sign(parts, Enumerable.Range(0, parts.Chunks.Count).Select(i => (long)i).ToArray(), 9, validator, NetworkParameters.Test);
        var chunk = SnapshotMessage.Chunk(parts.Height, parts.Digest, 1, parts.Chunks[1]).ToMessage();
        var sealedManifest = SnapshotMessage.Of(manifest).ToMessage();

        Assert.True(SnapshotMessage.TryParse(chunk.Key, chunk.Value, out var readChunk, out var error), error.ToString());
        Assert.Equal(parts.Chunks[1], readChunk.Payload.ToArray());
        Assert.True(SnapshotMessage.TryParse(sealedManifest.Key, sealedManifest.Value, out var readManifest, out error), error.ToString());
        Assert.Equal(manifest.ChunkOffsets, readManifest.Manifest!.ChunkOffsets);
        Assert.True(readManifest.Manifest.Verify(NetworkParameters.Test).IsValid);

        var otherSnapshot = SnapshotKey.ManifestOf(21, parts.Digest).ToString();
        (string Key, byte[] Value)[] mismatched =
        [
            (chunk.Key, sealedManifest.Value), (sealedManifest.Key, chunk.Value), (otherSnapshot, sealedManifest.Value),
            (SnapshotKey.ChunkOf(parts.Height, parts.Digest, 2).ToString(), chunk.Value),
            ("manifest", sealedManifest.Value), ("chunk-00001", chunk.Value),
            (chunk.Key, chunk.Value[..13]), (chunk.Key, []), (chunk.Key, [(byte)'C', .. chunk.Value[1..]]),
            (sealedManifest.Key, [(byte)'M', .. sealedManifest.Value[1..]]), (sealedManifest.Key, sealedManifest.Value[..^1]),
            (chunk.Key, [.. chunk.Value, .. new byte[SnapshotMessage.MaxChunkBytes]]),
        ];
        Assert.All(mismatched, record =>
        {
            Assert.False(SnapshotMessage.TryParse(record.Key, record.Value, out var message, out var refusal));
            Assert.Null(message);
            Assert.Equal("malformed", refusal.Code);
        });
    }

    [Fact]
    public void Any_key_and_bytes_get_a_typed_result()
    {
        var digest = SnapshotChunks.Split(Snapshot, 1024).Digest;
        var keys = Gen.OneOf(Gen.String, Gen.Const(SnapshotKey.ManifestOf(3, digest).ToString()), Gen.Int[0, 5].Select(i => SnapshotKey.ChunkOf(3, digest, i).ToString()));
        var values = Gen.Frequency(
            (1, Gen.Byte.Array[0, 400]),
            (2, Gen.Select(Gen.Byte[4, 5], Gen.Byte.Array[0, 400]).Select((format, rest) => (byte[])[format, .. rest])));
        Gen.Select(keys, values).Sample((key, value) =>
        {
            var parsed = SnapshotMessage.TryParse(key, value, out var message, out var error);
            Assert.Equal(parsed, message is not null);
            Assert.Equal(parsed, error.IsValid);
        }, iter: 5_000);
    }

    private static List<Message<string, byte[]>> Records(SnapshotChunks parts)
    {
        using var validator = DevValidator.CreateKeyPair();
        var offsets = Enumerable.Range(0, parts.Chunks.Count).Select(i => (long)i).ToArray();
        return
        [
            .. parts.Chunks.Select((c, i) => SnapshotMessage.Chunk(parts.Height, parts.Digest, i, c).ToMessage()),
            SnapshotMessage.Of(SnapshotManifest.Sign(parts, offsets, 1, validator, NetworkParameters.Test)).ToMessage(),
        ];
    }

    private static Message<string, byte[]> Junk(string key) => new() { Key = key, Value = new byte[64] };

    private static ChainSnapshot SnapshotAt(int height)
    {
        var forge = new CandidateForge();
        for (var i = 0; i < height; i++)
        {
            forge.Accept(forge.Valid(CandidateForge.FaucetTransfer((ulong)i, to: new Address(Enumerable.Repeat((byte)(i + 1), Address.Size).ToArray()))));
        }

        return forge.Chain.ToSnapshot();
    }
}
