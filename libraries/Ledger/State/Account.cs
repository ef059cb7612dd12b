namespace AspireChain.Ledger;

/// <summary>One account's balance and the nonce its next transfer must carry.</summary>
public readonly record struct Account(ulong Balance, ulong Nonce);
