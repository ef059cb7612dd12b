using AspireChain.Client.Wallets;
using AspireChain.Ledger;

namespace AspireChain.Cli;

/// <summary>Which wallet or address a command means: a name, an address, or the default wallet when none is given.</summary>
public static class WalletChoice
{
    /// <summary>Wallet <paramref name="name"/>, or the default one: the wallet named <c>default</c>, else the only wallet.</summary>
    public static WalletFile Wallet(WalletStore wallets, string? name)
    {
        ArgumentNullException.ThrowIfNull(wallets);
        if (name is not null)
        {
            return wallets.Load(name);
        }

        if (wallets.Exists(WalletStore.DefaultName))
        {
            return wallets.Load(WalletStore.DefaultName);
        }

        var all = wallets.List();
        return all.Count switch
        {
            // Loaded by name, so the only wallet passes the same checks (owner-only file) as a named one.
            1 => wallets.Load(all[0].Name),
            0 => throw CommandFailure.BadInput("There is no wallet yet: create one with 'aspirechain wallet new'."),
            _ => throw CommandFailure.BadInput($"Name a wallet (there is no '{WalletStore.DefaultName}' wallet; wallets: {string.Join(", ", all.Select(w => w.Name))})."),
        };
    }

    /// <summary>
    /// An address (40 hex digits) or a wallet's name; the wallet's name comes back too so output can show it.
    /// Anything else is bad input with a message saying which it is not.
    /// </summary>
    public static (Address Address, string? Wallet) AddressOrWallet(WalletStore wallets, string text)
    {
        ArgumentNullException.ThrowIfNull(wallets);
        ArgumentNullException.ThrowIfNull(text);
        if (Address.TryParse(text, out var address))
        {
            var owner = wallets.List().FirstOrDefault(w => string.Equals(w.Address, address.ToString(), StringComparison.OrdinalIgnoreCase));
            return (address, owner?.Name);
        }

        if (wallets.Exists(text))
        {
            var wallet = wallets.Load(text);
            return (Address.Parse(wallet.Address), wallet.Name);
        }

        var looksLikeHex = text.Length > 0 && text.All(char.IsAsciiHexDigit);
        throw CommandFailure.BadInput(looksLikeHex
            ? $"'{text}' is not an address: an address is 40 hex digits (this has {text.Length})."
            : $"'{text}' is neither an address (40 hex digits) nor the name of a wallet.");
    }
}
