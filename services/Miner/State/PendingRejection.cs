using AspireChain.Ledger;
using AspireChain.Miner.Pool;

namespace AspireChain.Miner.State;

/// <summary>A transaction the <see cref="MinerState"/> refused and took out of the templates' reach: its rejection is to be published.</summary>
/// <param name="Pending">The refused transaction (unsettled until the rejection is acknowledged).</param>
/// <param name="Reason">Why it can never be mined here.</param>
internal sealed record PendingRejection(PendingTransaction Pending, ValidationResult Reason);
