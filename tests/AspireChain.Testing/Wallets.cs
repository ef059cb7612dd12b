using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AspireChain.Ledger;

namespace AspireChain.Testing;

/// <summary>Signed test transactions on the <c>test</c> network, from any key or from the dev faucet's premine.</summary>
public static class Wallets
{
    /// <summary>The test network every in-process service is configured with.</summary>
    public static NetworkParameters Network => TestNetwork.Parameters;

    /// <summary>A transfer signed by <paramref name="from"/>; no rule is checked here, so tests can build bad ones.</summary>
    public static Transaction Transfer(KeyPair from, Address to, ulong amount, ulong nonce, ulong fee = 1, uint? chainId = null) =>
        Transaction.Create(from, to, amount, fee, nonce, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), chainId ?? Network.ChainId);

    /// <summary>A transfer from the faucet to <paramref name="to"/>, or to a fresh address.</summary>
    public static Transaction FromFaucet(ulong nonce, ulong amount = 1_000, ulong fee = 1, Address? to = null)
    {
        using var faucet = DevFaucet.CreateKeyPair();
        return Transfer(faucet, to ?? new Address(RandomNumberGenerator.GetBytes(Address.Size)), amount, nonce, fee);
    }

    /// <summary>The JSON wire form as a string.</summary>
    public static string Json(Transaction transaction) => Encoding.UTF8.GetString(transaction.ToJson());

    /// <summary>The JSON wire form of an edited document (e.g. a tampered signature).</summary>
    public static string Json(TransactionJson document) => JsonSerializer.Serialize(document, LedgerJsonContext.Default.TransactionJson);
}
