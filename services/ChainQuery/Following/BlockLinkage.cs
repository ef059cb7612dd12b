using AspireChain.Ledger;

namespace AspireChain.ChainQuery.Following;

/// <summary>How a block read from <c>blocks</c> relates to the stored tip.</summary>
public enum LinkageVerdict
{
    /// <summary>Height = tip + 1, previous hash = tip hash, proof of work and Merkle root hold: apply it.</summary>
    Extends,

    /// <summary>The same (height, hash) is already stored: a replay.</summary>
    Duplicate,

    /// <summary>Height above tip + 1: blocks are missing; following must stop (never skipped).</summary>
    Gap,

    /// <summary>The block cannot be applied (wrong previous hash, a different block at a stored height, no proof of work, bad Merkle root).</summary>
    Refused,
}

/// <summary>
/// ChainQuery's trust-boundary check: a block must link to the stored tip and carry its proof of work and a
/// matching Merkle root. Full consensus validation is the Validator's; <c>/chain/verify</c> re-runs it on demand.
/// </summary>
public static class BlockLinkage
{
    /// <summary>Judges <paramref name="block"/> against the stored tip and, for stored heights, the hash stored there.</summary>
    public static (LinkageVerdict Verdict, ValidationResult Reason) Judge(Block block, (long Height, string Hash) tip, string? storedHashAtHeight)
    {
        ArgumentNullException.ThrowIfNull(block);
        var height = (long)block.Header.Height;
        var hash = block.Hash.ToString();
        if (height <= tip.Height)
        {
            return storedHashAtHeight == hash
                ? (LinkageVerdict.Duplicate, ValidationResult.Ok)
                : (LinkageVerdict.Refused, ValidationResult.Fail(RejectReason.Stale, $"height {height} already holds block {storedHashAtHeight}"));
        }

        if (height > tip.Height + 1)
        {
            return (LinkageVerdict.Gap, ValidationResult.Fail(RejectReason.BadHeight, $"block {height} arrived but the tip is {tip.Height}: blocks {tip.Height + 1}..{height - 1} are missing"));
        }

        if (block.Header.PreviousHash.ToString() != tip.Hash)
        {
            return (LinkageVerdict.Refused, ValidationResult.Fail(RejectReason.BadPrevBlock, $"previous hash {block.Header.PreviousHash} is not the tip hash {tip.Hash}"));
        }

        if (!block.Header.Target.IsMetBy(block.Hash))
        {
            return (LinkageVerdict.Refused, ValidationResult.Fail(RejectReason.HighHash, $"hash {hash} is above target {block.Header.Target}"));
        }

        var merkleRoot = MerkleTree.ComputeRoot(block.Transactions);
        return merkleRoot != block.Header.MerkleRoot
            ? (LinkageVerdict.Refused, ValidationResult.Fail(RejectReason.BadMerkleRoot, $"Merkle root {block.Header.MerkleRoot} does not match the transactions ({merkleRoot})"))
            : (LinkageVerdict.Extends, ValidationResult.Ok);
    }
}
