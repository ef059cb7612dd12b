using AspireChain.Ledger;

namespace AspireChain.Testing;

/// <summary>A test account: a fresh P-256 key plus the next nonce it will sign with, so tests write transfers, not bookkeeping.</summary>
public sealed class Wallet : IDisposable
{
    private readonly KeyPair _key;
    private ulong _nextNonce;

    /// <summary>An account signing with <paramref name="key"/> (owned: disposed with the wallet) from <paramref name="nextNonce"/>.</summary>
    public Wallet(KeyPair key, ulong nextNonce = 0)
    {
        _key = key;
        _nextNonce = nextNonce;
    }

    /// <summary>The account address.</summary>
    public Address Address => _key.Address;

    /// <summary>The nonce the next <see cref="Transfer"/> uses (= the account's nonce once everything it signed is confirmed).</summary>
    public ulong NextNonce => Interlocked.Read(ref _nextNonce);

    /// <summary>A fresh random wallet.</summary>
    public static Wallet Create() => new(KeyPair.Generate());

    /// <summary>Signs a transfer with the next nonce and advances it.</summary>
    public Transaction Transfer(Address to, ulong amount, ulong fee = 1) =>
        Sign(to, amount, fee, Interlocked.Increment(ref _nextNonce) - 1);

    /// <summary>Signs a transfer with an explicit nonce (gaps, reuse) without touching <see cref="NextNonce"/>.</summary>
    public Transaction Sign(Address to, ulong amount, ulong fee, ulong nonce, uint? chainId = null) =>
        Wallets.Transfer(_key, to, amount, nonce, fee, chainId);

    /// <summary>A copy of the key, for a test that must sign what no wallet would (a forger reusing a spent nonce).</summary>
    public KeyPair ExportKey() => KeyPair.FromPrivateKeyHex(_key.ExportPrivateKeyHex());

    /// <summary>Marks <paramref name="count"/> nonces as used by transfers signed with <see cref="Sign"/>.</summary>
    public void Skip(ulong count) => Interlocked.Add(ref _nextNonce, count);

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
