using AspireChain.Ledger;
using AspireChain.Miner.Pool;

namespace AspireChain.Miner.State;

/// <summary>A block template cut from the mempool, and the transactions it showed can never be mined here.</summary>
/// <param name="Block">The template: coinbase first, nonce still to find.</param>
/// <param name="Rejections">The rejections to publish now.</param>
internal sealed record TemplateCut(Block Block, IReadOnlyList<PendingRejection> Rejections);
