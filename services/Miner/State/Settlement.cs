using AspireChain.Ledger;
using AspireChain.Miner.Pool;

namespace AspireChain.Miner.State;

/// <summary>What an applied block settled.</summary>
/// <param name="Candidate">How it scores this replica's own candidate for its height.</param>
/// <param name="Rejections">Pending transactions it made impossible (same sender and nonce, another id).</param>
internal sealed record Settlement(PublishedCandidates.Outcome Candidate, IReadOnlyList<PendingRejection> Rejections);
