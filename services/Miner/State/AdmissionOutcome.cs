using AspireChain.Ledger;
using AspireChain.Miner.Pool;

namespace AspireChain.Miner.State;

/// <summary>What admitting one <c>transactions</c> record did.</summary>
/// <param name="Refusal">The rejection reason code when the transaction itself was refused at once, else null.</param>
/// <param name="Rejections">The rejections to publish now (the transaction itself, or one it displaced).</param>
/// <param name="TemplateFull">True when the minable transactions fill a block: the mining loop should cut one now.</param>
internal sealed record AdmissionOutcome(string? Refusal, IReadOnlyList<PendingRejection> Rejections, bool TemplateFull);
