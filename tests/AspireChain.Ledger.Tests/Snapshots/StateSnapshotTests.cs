namespace AspireChain.Ledger.Tests.Snapshots;

public sealed class StateSnapshotTests
{
    private static readonly Address A = new(Enumerable.Repeat((byte)1, Address.Size).ToArray());
    private static readonly Address B = new(Enumerable.Repeat((byte)2, Address.Size).ToArray());
    private static readonly Address C = new(Enumerable.Repeat((byte)3, Address.Size).ToArray());

    [Fact]
    public void State_root_is_pinned_sorted_and_ignores_empty_accounts()
    {
        // Expected: computed outside .NET (python hashlib): leaf = SHA-256(00 || address || balance || nonce), node = SHA-256(01 || l || r), odd node promoted.
        KeyValuePair<Address, Account>[] two = [new(B, new Account(7, 0)), new(A, new Account(5, 1))];
        Assert.Equal("af1c7ed65b95aaf7887e20b863b3a6ab0ec90f38c62f48f9949a3e3a9c2b8304", StateCommitment.ComputeRoot(two).ToString());
        KeyValuePair<Address, Account>[] three = [new(C, new Account(9, 3)), .. two, new(Address.Zero, default)];
        Assert.Equal("013f476c8d84164e7459c2b7cf989537f9aa6258ec9f405ceda917129d48a889", StateCommitment.ComputeRoot(three).ToString());
        Assert.Equal(Hash256.Zero, StateCommitment.ComputeRoot([]));
    }

    [Fact]
    public void Every_block_commits_to_the_state_after_it_and_a_wrong_root_is_refused()
    {
        var chain = new TestChain();
        using var bob = KeyPair.Generate();
        var block = chain.NextBlock(chain.Pay(TestChain.Faucet, bob.Address, 100));
        Assert.True(chain.Append(block).IsValid);
        Assert.Equal(StateCommitment.ComputeRoot(chain.Chain.State), block.Header.StateRoot);
        Assert.Equal(StateCommitment.ComputeRoot(new Chain(NetworkParameters.Test).State), chain.Chain.Genesis.Header.StateRoot);

        var next = chain.NextBlock(chain.Pay(TestChain.Faucet, bob.Address, 5));
        var lying = TestChain.Rebuild(next, edit: h => h with { StateRoot = Hash256.Compute("another state"u8) });
        var before = chain.Chain.State.Clone();
        var result = chain.Append(lying);
        Assert.Equal(RejectReason.BadStateRoot, result.Reason);
        Assert.Equal("bad-state-root", result.Code);
        // Refused without a trace: the state is what it was.
        Assert.Equal(before.Accounts.OrderBy(a => a.Key.ToString()), chain.Chain.State.Accounts.OrderBy(a => a.Key.ToString()));
        Assert.True(chain.Append(next).IsValid);
    }

    [Fact]
    public void A_snapshot_round_trips_verifies_and_a_chain_started_from_it_goes_on_like_the_original()
    {
        var (chain, manifest, chunks) = SnapshotOfRetargetingChain(blocks: 25, chunkBytes: 1024);
        Assert.True(chunks.Count > 1, "small chunks: the snapshot is split");

        Assert.True(SnapshotManifest.TryRead(manifest.ToBytes(), out var read, out var error), error.ToString());
        Assert.True(read.TryAssemble(chain.Network, ByHash(chunks), out var snapshot, out error), error.ToString());
        Assert.Equal(chain.Chain.Height, snapshot.Height);
        Assert.Equal(chain.Chain.TipHash, read.TipHash);
        Assert.Equal(42, read.BlocksOffset);

        var joined = new Chain(chain.Network, snapshot);
        Assert.Equal(chain.Chain.TipHash, joined.TipHash);
        Assert.Equal(chain.Chain.NextTarget, joined.NextTarget);
        Assert.Equal(chain.Chain.MedianTimePast, joined.MedianTimePast);
        Assert.Equal(chain.Chain.State.TotalSupply, joined.State.TotalSupply);
        Assert.Null(joined.GetBlock(3));
        Assert.Equal(snapshot.Height + 1, joined.FirstBlockHeight);

        // Across a retarget boundary: the header window the snapshot carries is what the rules read.
        using var carol = KeyPair.Generate();
        for (var i = 0; i < 12; i++)
        {
            var block = chain.Extend(chain.Pay(TestChain.Faucet, carol.Address, 10));
            var result = joined.TryAppend(block, chain.Now);
            Assert.True(result.IsValid, $"block {block.Height}: {result}");
        }

        Assert.Equal(chain.Chain.NextTarget, joined.NextTarget);
        Assert.Equal(StateCommitment.ComputeRoot(chain.Chain.State), StateCommitment.ComputeRoot(joined.State));
    }

    [Fact]
    public void A_snapshot_signed_by_a_key_the_network_does_not_pin_is_refused()
    {
        var chain = Extended(5);
        using var stranger = KeyPair.Generate();
        var (manifest, chunks) = SnapshotManifest.Create(chain.Chain.ToSnapshot(), 6, 1024, stranger, chain.Network);

        Assert.False(manifest.TryAssemble(chain.Network, ByHash(chunks), out _, out var error));
        Assert.Equal("unknown-validator", error.Code);
    }

    [Fact]
    public void A_snapshot_whose_signature_does_not_cover_its_fields_is_refused()
    {
        var chain = Extended(5);
        using var validator = DevValidator.CreateKeyPair();
        var (manifest, chunks) = SnapshotManifest.Create(chain.Chain.ToSnapshot(), 6, 1024, validator, chain.Network);
        // The same signature over another blocks offset (a replay pointing joiners elsewhere).
        var moved = new SnapshotManifest(manifest.Height, manifest.TipHash, manifest.StateRoot, manifest.BlocksOffset + 1,
            manifest.TotalBytes, manifest.ChunkHashes, manifest.ChunkOffsets, manifest.Seal);

        Assert.False(moved.TryAssemble(chain.Network, ByHash(chunks), out _, out var error));
        Assert.Equal("bad-validator-signature", error.Code);
    }

    [Fact]
    public void The_seal_covers_where_the_chunks_are_so_a_replay_cannot_send_joiners_to_other_records()
    {
        var (chain, manifest, chunks) = SnapshotOfRetargetingChain(blocks: 15, chunkBytes: 1024);
        Assert.Equal(Enumerable.Range(0, chunks.Count).Select(i => 7L + i), manifest.ChunkOffsets);
        var elsewhere = new SnapshotManifest(manifest.Height, manifest.TipHash, manifest.StateRoot, manifest.BlocksOffset,
            manifest.TotalBytes, manifest.ChunkHashes, manifest.ChunkOffsets.Select(o => o + 100).ToArray(), manifest.Seal);

        Assert.True(manifest.Verify(chain.Network).IsValid);
        Assert.Equal("bad-validator-signature", elsewhere.Verify(chain.Network).Code);
    }

    [Fact]
    public void The_manifest_layout_round_trips_its_offsets_and_refuses_the_first_layout_and_offsets_out_of_order()
    {
        var (_, manifest, chunks) = SnapshotOfRetargetingChain(blocks: 15, chunkBytes: 1024);
        var bytes = manifest.ToBytes();
        Assert.True(SnapshotManifest.TryRead(bytes, out var read, out var error), error.ToString());
        Assert.Equal(manifest.ChunkOffsets, read.ChunkOffsets);
        Assert.Equal(manifest.ChunkHashes, read.ChunkHashes);
        Assert.Equal(SnapshotChunks.DigestOf(chunks.Select(c => Hash256.Compute(c)).ToArray()), read.Digest);

        // Layout 1 ("ACSM", no offsets) is another layout: refused, never guessed at.
        var first = bytes.ToArray();
        "ACSM"u8.CopyTo(first);
        Assert.False(SnapshotManifest.TryRead(first, out _, out error));
        Assert.Equal("malformed", error.Code);

        // The second chunk's offset (after 96 fixed bytes and the first 40-byte entry) moved before the first one's.
        var disordered = bytes.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(disordered.AsSpan(96 + 40 + Hash256.Size), 0);
        Assert.False(SnapshotManifest.TryRead(disordered, out _, out error));
        Assert.Equal("malformed", error.Code);
        Assert.Contains("offset", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_assembly_holds_the_signed_length_once_and_refuses_a_chunk_out_of_place()
    {
        var (chain, manifest, chunks) = SnapshotOfRetargetingChain(blocks: 15, chunkBytes: 1024);
        Assert.True(SnapshotAssembly.TryStart(manifest, out var assembly, out _));
        Assert.Equal(manifest.TotalBytes, assembly.BufferedBytes);
        Assert.False(assembly.TryAdd(chunks[1], out var error));
        Assert.Equal("bad-snapshot", error.Code);
        Assert.False(assembly.TryComplete(chain.Network, out _, out error));
        Assert.Equal("missing-chunk", error.Code);
        foreach (var chunk in chunks)
        {
            Assert.True(assembly.TryAdd(chunk, out error), error.ToString());
        }

        Assert.True(assembly.TryComplete(chain.Network, out var snapshot, out error), error.ToString());
        Assert.Equal(chain.Chain.Height, snapshot.Height);
    }

    [Fact]
    public void A_validly_signed_snapshot_whose_accounts_do_not_give_the_committed_state_root_is_refused()
    {
        var chain = Extended(5);
        var honest = chain.Chain.ToSnapshot();
        // One more coin for someone: a validator (or a bug) signing a state the chain never committed to.
        var accounts = honest.Accounts.Select((a, i) => i == 0 ? new KeyValuePair<Address, Account>(a.Key, a.Value with { Balance = a.Value.Balance + 1 }) : a).ToArray();
        using var validator = DevValidator.CreateKeyPair();
        var (manifest, chunks) = SnapshotManifest.Create(new ChainSnapshot(honest.Height, honest.Headers, accounts), 6, 1024, validator, chain.Network);
        Assert.True(manifest.Verify(chain.Network).IsValid, "the signature itself is good");

        Assert.False(manifest.TryAssemble(chain.Network, ByHash(chunks), out _, out var error));
        Assert.Equal("bad-state-root", error.Code);
    }

    [Fact]
    public void A_snapshot_with_a_missing_chunk_is_refused()
    {
        var (chain, manifest, chunks) = SnapshotOfRetargetingChain(blocks: 15, chunkBytes: 1024);
        var incomplete = chunks.Skip(1).ToList();

        Assert.False(manifest.TryAssemble(chain.Network, ByHash(incomplete), out _, out var error));
        Assert.Equal("missing-chunk", error.Code);
        Assert.Contains($"chunk 1 of {chunks.Count}", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_whose_headers_do_not_link_is_refused()
    {
        var chain = Extended(5);
        var honest = chain.Chain.ToSnapshot();
        var headers = honest.Headers.ToArray();
        headers[0] = headers[0] with { Timestamp = headers[0].Timestamp + 1 };
        using var validator = DevValidator.CreateKeyPair();
        var (manifest, chunks) = SnapshotManifest.Create(new ChainSnapshot(honest.Height, headers, honest.Accounts), 6, 1024, validator, chain.Network);

        Assert.False(manifest.TryAssemble(chain.Network, ByHash(chunks), out _, out var error));
        Assert.Equal("bad-snapshot", error.Code);
    }

    [Fact]
    public void Garbage_never_throws()
    {
        Assert.False(SnapshotManifest.TryRead([1, 2, 3], out _, out var error));
        Assert.Equal("malformed", error.Code);
        Assert.False(ChainSnapshot.TryRead(new byte[64], out _, out error));
        Assert.Equal("malformed", error.Code);
        var honest = Extended(2).Chain.ToSnapshot().ToBytes();
        Assert.False(ChainSnapshot.TryRead(honest.AsSpan(0, honest.Length - 1), out _, out error));
        Assert.Equal("malformed", error.Code);
    }

    private static TestChain Extended(int blocks)
    {
        var chain = new TestChain();
        using var bob = KeyPair.Generate();
        for (var i = 0; i < blocks; i++) chain.Extend(chain.Pay(TestChain.Faucet, bob.Address, 1 + (ulong)i));
        return chain;
    }

    private static (TestChain Chain, SnapshotManifest Manifest, IReadOnlyList<byte[]> Chunks) SnapshotOfRetargetingChain(int blocks, int chunkBytes)
    {
        var chain = new TestChain(NetworkParameters.Test with { RetargetInterval = 10 });
        var wallets = Enumerable.Range(0, 40).Select(_ => KeyPair.Generate()).ToList();
        for (var i = 0; i < blocks; i++)
        {
            chain.Extend(chain.Pay(TestChain.Faucet, wallets[i % wallets.Count].Address, 100 + (ulong)i));
        }

        foreach (var wallet in wallets) wallet.Dispose();
        using var validator = DevValidator.CreateKeyPair();
        var (manifest, chunks) = SnapshotManifest.Create(chain.Chain.ToSnapshot(), 42, chunkBytes, validator, chain.Network, firstChunkOffset: 7);
        return (chain, manifest, chunks);
    }

    private static Func<Hash256, byte[]?> ByHash(IEnumerable<byte[]> chunks)
    {
        var byHash = chunks.ToDictionary(c => Hash256.Compute(c));
        return hash => byHash.GetValueOrDefault(hash);
    }
}
