namespace AspireChain.Ledger;

/// <summary>What block validation needs to know about the chain a block would extend (implemented by <see cref="Chain"/>).</summary>
public interface IChainView
{
    /// <summary>Height of the tip.</summary>
    ulong Height { get; }

    /// <summary>Hash of the tip.</summary>
    Hash256 TipHash { get; }

    /// <summary>The target the next block must carry.</summary>
    Target NextTarget { get; }

    /// <summary>Median timestamp of the last blocks (the next block must be later).</summary>
    long MedianTimePast { get; }
}
