namespace AspireChain.Ledger;

/// <summary>A block ready for proof of work (nonce 0) plus the candidates left out and why, so a miner can drop or reject them.</summary>
/// <param name="Block">Header with the expected target and a valid timestamp, coinbase paying subsidy + fees, the included transfers.</param>
/// <param name="Excluded">Candidates that do not apply on the tip state (e.g. <c>bad-nonce</c>, <c>insufficient-funds</c>) or did not fit.</param>
public sealed record BlockTemplate(Block Block, IReadOnlyList<(Transaction Transaction, ValidationResult Reason)> Excluded)
{
    /// <summary>Sum of the included fees.</summary>
    public ulong Fees => Block.Transactions.Count == 0 ? 0 : Block.Transactions[0].Amount - SubsidyPart;

    internal ulong SubsidyPart { get; init; }
}
