namespace AspireChain.Following;

/// <summary>
/// The store's base as <see cref="StoredChainReader"/> reads it: the height and binary <c>ChainSnapshot</c> a restart
/// rebuilds from (moved forward every so often; an archive keeps the blocks below it, a pruning store drops them), and
/// the verified network snapshot the store joined from (height and binary form; null when it replayed from genesis).
/// </summary>
public sealed record StoredBase(long Height, byte[] Snapshot, long? JoinedHeight, byte[]? Joined);
