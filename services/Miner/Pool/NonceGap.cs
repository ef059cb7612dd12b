using AspireChain.Ledger;

namespace AspireChain.Miner.Pool;

/// <summary>A sender's missing nonce and the pending transactions that cannot be mined until it arrives.</summary>
/// <param name="Sender">Whose nonces stop.</param>
/// <param name="Missing">The first nonce nothing here holds.</param>
/// <param name="Behind">The sender's pending transactions with a higher nonce, in nonce order.</param>
internal sealed record NonceGap(Address Sender, ulong Missing, IReadOnlyList<PendingTransaction> Behind);
