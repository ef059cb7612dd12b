namespace AspireChain.Ledger;

/// <summary>A block ready for proof of work (nonce 0) plus the candidates left out and why, so a miner can drop or reject them.</summary>
/// <param name="Block">Header with the expected target and a valid timestamp, coinbase paying subsidy + fees, the included transfers.</param>
/// <param name="Fees">Sum of the included transfers' fees (claimed by the coinbase).</param>
/// <param name="Excluded">Candidates that do not apply on the tip state (e.g. <c>bad-nonce</c>, <c>insufficient-funds</c>) or did not fit (<c>bad-blk-length</c>).</param>
public sealed record BlockTemplate(Block Block, ulong Fees, IReadOnlyList<(Transaction Transaction, ValidationResult Reason)> Excluded);
