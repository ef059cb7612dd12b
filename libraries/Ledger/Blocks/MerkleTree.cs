using System.Security.Cryptography;

namespace AspireChain.Ledger;

/// <summary>
/// The Merkle root of a block's transaction ids, RFC 6962 style: leaves and inner nodes are hashed with distinct prefixes
/// and an odd node is promoted, never duplicated, so no two different id lists share a root (CVE-2012-2459).
/// </summary>
public static class MerkleTree
{
    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    /// <summary>The root over the ids of <paramref name="transactions"/> in order; <see cref="Hash256.Zero"/> when empty.</summary>
    public static Hash256 ComputeRoot(IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var ids = new Hash256[transactions.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = transactions[i].Id;
        return ComputeRoot(ids);
    }

    /// <summary>The root over <paramref name="ids"/> in order; <see cref="Hash256.Zero"/> when empty.</summary>
    public static Hash256 ComputeRoot(ReadOnlySpan<Hash256> ids)
    {
        if (ids.IsEmpty) return Hash256.Zero;
        var level = new Hash256[ids.Length];
        Span<byte> buffer = stackalloc byte[1 + Hash256.Size];
        Span<byte> digest = stackalloc byte[Hash256.Size];
        for (var i = 0; i < ids.Length; i++)
        {
            buffer[0] = LeafPrefix;
            ids[i].WriteTo(buffer[1..]);
            SHA256.HashData(buffer, digest);
            level[i] = new Hash256(digest);
        }
        return RootOfLeaves(level);
    }

    /// <summary>
    /// The root over already-hashed leaves (each hashed with the 0x00 leaf prefix by its caller); <paramref name="level"/>
    /// is overwritten. <see cref="Hash256.Zero"/> when empty.
    /// </summary>
    internal static Hash256 RootOfLeaves(Span<Hash256> level)
    {
        if (level.IsEmpty) return Hash256.Zero;
        Span<byte> buffer = stackalloc byte[1 + 2 * Hash256.Size];
        Span<byte> digest = stackalloc byte[Hash256.Size];
        var count = level.Length;
        while (count > 1)
        {
            var next = 0;
            for (var i = 0; i < count; i += 2)
            {
                if (i + 1 == count)
                {
                    level[next++] = level[i]; // promoted unchanged
                    continue;
                }
                buffer[0] = NodePrefix;
                level[i].WriteTo(buffer[1..]);
                level[i + 1].WriteTo(buffer[(1 + Hash256.Size)..]);
                SHA256.HashData(buffer, digest);
                level[next++] = new Hash256(digest);
            }
            count = next;
        }
        return level[0];
    }
}
