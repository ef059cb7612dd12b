namespace AspireChain.Ledger;

/// <summary>Coins credited in the genesis block (e.g. the dev faucet), part of the deterministic genesis.</summary>
public sealed record PremineAllocation(Address Recipient, ulong Amount);
