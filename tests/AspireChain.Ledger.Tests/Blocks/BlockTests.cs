namespace AspireChain.Ledger.Tests.Blocks;

public sealed class BlockTests
{
    [Fact]
    public void Header_hash_is_pinned()
    {
        // Expected: SHA-256 of the 148 hand-assembled canonical header bytes, computed outside .NET (python hashlib).
        var header = new BlockHeader(
            1, 7, Hash256.Parse(new string('2', 64)), Hash256.Parse(new string('3', 64)), Hash256.Parse(new string('5', 64)), 1_767_225_600_000,
            Target.FromBits(0x20FFFFFF), Address.Parse(new string('4', 40)), 0x0102030405060708);
        Assert.Equal("05f72a356831f8acbc78ed4ae8e682924962c1600e964be4b8402025b67063bb", header.ComputeHash().ToString());
        Assert.Equal(BlockHeader.Size, header.ToBytes().Length);
    }

    [Fact]
    public void Genesis_is_deterministic_and_pinned()
    {
        Assert.Equal(Genesis.Create(NetworkParameters.Dev).Hash, Genesis.Create(NetworkParameters.Dev).Hash);
        Assert.NotEqual(Genesis.Create(NetworkParameters.Dev).Hash, Genesis.Create(NetworkParameters.Test).Hash);
        Assert.Equal(DevGenesisHash, Genesis.Create(NetworkParameters.Dev).Hash.ToString());
        Assert.Equal(TestGenesisHash, Genesis.Create(NetworkParameters.Test).Hash.ToString());
        Assert.Equal(Genesis.Create(NetworkParameters.Dev).Hash, Genesis.Create(NetworkParameters.From(new ChainOptions { Network = "dev" })).Hash);
    }

    // Pinned so any change to the genesis construction, the presets or the encoding is a visible, deliberate break.
    internal const string DevGenesisHash = "ec42d313e37bd0d6c7a816bb9d260a65e667dbf0fbf3b495f42cb40774f12e3e";
    internal const string TestGenesisHash = "b1230d60b6d9b1b57d2ca474a6d0f7b4d9335dbe72d725d29f089a33f9cd85a3";

    [Fact]
    public void Binary_and_json_forms_round_trip()
    {
        var chain = new TestChain();
        using var bob = KeyPair.Generate();
        var block = chain.NextBlock(chain.Pay(TestChain.Faucet, bob.Address, 100), chain.Pay(TestChain.Faucet, bob.Address, 5, nonce: 1));

        Assert.True(Block.TryRead(block.ToBytes(), out var fromBinary, out var binaryError), binaryError.ToString());
        Assert.Equal(block.Hash, fromBinary.Hash);
        Assert.Equal(block.ToBytes(), fromBinary.ToBytes());

        Assert.True(Block.TryParseJson(block.ToJson(), out var fromJson, out var jsonError), jsonError.ToString());
        Assert.Equal(block.Hash, fromJson.Hash);
        Assert.Equal(block.ToBytes(), fromJson.ToBytes());
        Assert.True(chain.Append(fromJson).IsValid);
    }

    [Fact]
    public void Merkle_root_promotes_odd_nodes_instead_of_duplicating_them()
    {
        var ids = Enumerable.Range(0, 3).Select(i => Hash256.Compute([(byte)i])).ToArray();
        var withDuplicate = new[] { ids[0], ids[1], ids[2], ids[2] };
        Assert.NotEqual(MerkleTree.ComputeRoot(ids), MerkleTree.ComputeRoot(withDuplicate));
        Assert.Equal(Hash256.Zero, MerkleTree.ComputeRoot(ReadOnlySpan<Hash256>.Empty));
        Assert.NotEqual(ids[0], MerkleTree.ComputeRoot(ids[..1]));
    }

    [Fact]
    public void Merkle_root_changes_with_order()
    {
        var ids = Enumerable.Range(0, 5).Select(i => Hash256.Compute([(byte)i])).ToArray();
        var swapped = (Hash256[])ids.Clone();
        (swapped[3], swapped[4]) = (swapped[4], swapped[3]);
        Assert.NotEqual(MerkleTree.ComputeRoot(ids), MerkleTree.ComputeRoot(swapped));
    }
}
