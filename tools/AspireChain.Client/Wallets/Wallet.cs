using AspireChain.Ledger;

namespace AspireChain.Client.Wallets;

/// <summary>A signing key plus the next nonce it signs with, so a client writes transfers, not bookkeeping.</summary>
public sealed class Wallet(KeyPair key, ulong nextNonce) : IDisposable
{
    /// <summary>The account address.</summary>
    public Address Address => key.Address;

    /// <summary>The nonce the next transfer uses.</summary>
    public ulong NextNonce { get; private set; } = nextNonce;

    /// <summary>Signs a transfer with the next nonce and advances it.</summary>
    public Transaction Transfer(Address to, ulong amount, ulong fee, NetworkParameters network) =>
        Transfer(to, amount, fee, (network ?? throw new ArgumentNullException(nameof(network))).ChainId);

    /// <summary>Signs a transfer for chain <paramref name="chainId"/> with the next nonce and advances it.</summary>
    public Transaction Transfer(Address to, ulong amount, ulong fee, uint chainId) =>
        Transaction.Create(key, to, amount, fee, NextNonce++, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), chainId);

    /// <inheritdoc />
    public void Dispose() => key.Dispose();
}
