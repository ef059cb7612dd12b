namespace AspireChain.Following;

/// <summary>One stored block as <see cref="StoredChainReader"/> streams it: its height and its signed envelope as written.</summary>
public readonly record struct StoredEnvelope(long Height, byte[] Envelope);
