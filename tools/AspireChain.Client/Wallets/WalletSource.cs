using System.Globalization;
using System.Text;
using AspireChain.Ledger;
using AspireChain.Client.Services;

namespace AspireChain.Client.Wallets;

/// <summary>
/// Derives the run's wallets from a seed (the same seed gives the same addresses, so runs are repeatable and a second
/// run reuses funded accounts) and starts each wallet at the next nonce ChainQuery reports for it.
/// </summary>
public static class WalletSource
{
    /// <summary>Wallet <paramref name="index"/> of seed <paramref name="seed"/>. Dev only: anyone knowing the seed has the key.</summary>
    public static KeyPair DeriveKey(string seed, int index) =>
        KeyPair.FromSeed(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"aspirechain/load-generator/{seed}/{index}")));

    /// <summary>The dev faucet as a wallet at its confirmed next nonce.</summary>
    public static Task<Wallet> FaucetAsync(ChainQueryClient chainQuery, CancellationToken cancellationToken) =>
        OpenAsync(DevFaucet.CreateKeyPair(), chainQuery, cancellationToken);

    /// <summary>The <paramref name="count"/> wallets of <paramref name="seed"/>, each at its confirmed next nonce.</summary>
    public static async Task<IReadOnlyList<Wallet>> CreateAsync(string seed, int count, ChainQueryClient chainQuery, CancellationToken cancellationToken) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => OpenAsync(DeriveKey(seed, i), chainQuery, cancellationToken)));

    private static async Task<Wallet> OpenAsync(KeyPair key, ChainQueryClient chainQuery, CancellationToken cancellationToken)
    {
        var account = await chainQuery.GetAccountAsync(key.Address.ToString(), cancellationToken);
        return new Wallet(key, (ulong)account.Nonce);
    }
}
