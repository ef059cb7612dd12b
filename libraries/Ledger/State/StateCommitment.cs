using System.Buffers.Binary;
using System.Security.Cryptography;

namespace AspireChain.Ledger;

/// <summary>
/// The state root a block header commits to: the Merkle root (RFC 6962 style, as <see cref="MerkleTree"/>) over every
/// account with a non-default state, sorted by address bytes, each leaf = SHA-256(0x00 ‖ address(20) ‖ balance(8) ‖
/// nonce(8), big-endian). It lets a node that never saw the early chain check a snapshot's accounts against the chain.
/// </summary>
public static class StateCommitment
{
    /// <summary>Byte length of a leaf's preimage: prefix, address, balance, nonce.</summary>
    public const int LeafSize = 1 + Address.Size + 8 + 8;

    /// <summary>The root over <paramref name="accounts"/> (order does not matter); <see cref="Hash256.Zero"/> when none.</summary>
    public static Hash256 ComputeRoot(IEnumerable<KeyValuePair<Address, Account>> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var entries = accounts.Where(a => a.Value != default).Select(a => (Key: a.Key.ToArray(), a.Value)).ToArray();
        Array.Sort(entries, static (x, y) => x.Key.AsSpan().SequenceCompareTo(y.Key));
        var leaves = new Hash256[entries.Length];
        Span<byte> leaf = stackalloc byte[LeafSize];
        Span<byte> digest = stackalloc byte[Hash256.Size];
        for (var i = 0; i < entries.Length; i++)
        {
            WriteLeaf(leaf, entries[i].Key, entries[i].Value);
            SHA256.HashData(leaf, digest);
            leaves[i] = new Hash256(digest);
        }

        return MerkleTree.RootOfLeaves(leaves);
    }

    /// <summary>The root of <paramref name="state"/>'s accounts.</summary>
    public static Hash256 ComputeRoot(LedgerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return ComputeRoot(state.Accounts);
    }

    private static void WriteLeaf(Span<byte> leaf, ReadOnlySpan<byte> address, Account account)
    {
        leaf[0] = 0x00;
        address.CopyTo(leaf[1..]);
        BinaryPrimitives.WriteUInt64BigEndian(leaf[(1 + Address.Size)..], account.Balance);
        BinaryPrimitives.WriteUInt64BigEndian(leaf[(1 + Address.Size + 8)..], account.Nonce);
    }
}
