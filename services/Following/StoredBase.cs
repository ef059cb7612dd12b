namespace AspireChain.Following;

/// <summary>
/// The store's base as <see cref="StoredChainReader"/> reads it: the height and binary <c>ChainSnapshot</c> the chain
/// starts from when not genesis, and the network snapshot height joined from (null when the base is a pruning point).
/// </summary>
public sealed record StoredBase(long Height, byte[] Snapshot, long? JoinedHeight);
