using System.Text;
using System.Text.Json;
using AspireChain.Ledger;

namespace AspireChain.Api.Tests.Infrastructure;

/// <summary>Signed test transactions on the <c>test</c> network, funded by the dev faucet's premine.</summary>
internal static class Wallets
{
    /// <summary>The test network every hosted service is configured with.</summary>
    public static NetworkParameters Network => NetworkParameters.Test;

    /// <summary>A transfer signed by <paramref name="from"/>; no rule is checked here, so tests can build bad ones.</summary>
    public static Transaction Transfer(KeyPair from, Address to, ulong amount, ulong nonce, ulong fee = 1, uint? chainId = null) =>
        Transaction.Create(from, to, amount, fee, nonce, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), chainId ?? Network.ChainId);

    /// <summary>A transfer from the faucet to a fresh address.</summary>
    public static Transaction FromFaucet(ulong nonce, ulong amount = 1_000)
    {
        using var faucet = DevFaucet.CreateKeyPair();
        using var recipient = KeyPair.Generate();
        return Transfer(faucet, recipient.Address, amount, nonce);
    }

    /// <summary>The JSON wire form as a string.</summary>
    public static string Json(Transaction transaction) => Encoding.UTF8.GetString(transaction.ToJson());

    /// <summary>The JSON wire form of an edited document (e.g. a tampered signature).</summary>
    public static string Json(TransactionJson document) => JsonSerializer.Serialize(document, LedgerJsonContext.Default.TransactionJson);
}
