using AspireChain.Ledger;
using AspireChain.Miner.Pool;

namespace AspireChain.Miner.State;

/// <summary>A transaction the <see cref="Workbench"/> refused and took out of the templates' reach: its rejection is to be published.</summary>
/// <param name="Pending">The refused transaction (unsettled until the rejection is acknowledged).</param>
/// <param name="Reason">Why it can never be mined here.</param>
internal sealed record PendingRejection(PendingTransaction Pending, ValidationResult Reason);

/// <summary>What admitting one <c>transactions</c> record did.</summary>
/// <param name="Refusal">The rejection reason code when the transaction itself was refused at once, else null.</param>
/// <param name="Rejections">The rejections to publish now (the transaction itself, or one it displaced).</param>
/// <param name="TemplateFull">True when the minable transactions fill a block: the mining loop should cut one now.</param>
internal sealed record AdmissionOutcome(string? Refusal, IReadOnlyList<PendingRejection> Rejections, bool TemplateFull);

/// <summary>A block template cut from the mempool, and the transactions it showed can never be mined here.</summary>
/// <param name="Block">The template: coinbase first, nonce still to find.</param>
/// <param name="Rejections">The rejections to publish now.</param>
internal sealed record TemplateCut(Block Block, IReadOnlyList<PendingRejection> Rejections);

/// <summary>What an applied block settled.</summary>
/// <param name="Candidate">How it scores this replica's own candidate for its height.</param>
/// <param name="Rejections">Pending transactions it made impossible (same sender and nonce, another id).</param>
internal sealed record Settlement(PublishedCandidates.Outcome Candidate, IReadOnlyList<PendingRejection> Rejections);
