using System.Text.Json;
using System.Text.Json.Serialization;
using AspireChain.Ledger;

namespace AspireChain.Client.Wallets;

/// <summary>
/// One wallet as stored in <c>~/.aspirechain/wallets/&lt;name&gt;.json</c> (owner-only permissions): its name, address,
/// public key and the private scalar (64 hex digits) that signs its transfers.
/// </summary>
public sealed record WalletFile(string Name, string Address, string PublicKey, string PrivateKey, DateTimeOffset CreatedAt)
{
    /// <summary>Where it was read from or written to (not stored in the file).</summary>
    [JsonIgnore]
    public string? Path { get; init; }

    /// <summary>A wallet file for <paramref name="key"/>.</summary>
    public static WalletFile For(string name, KeyPair key, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new WalletFile(name, key.Address.ToString(), key.PublicKey.ToString(), key.ExportPrivateKeyHex(), createdAt);
    }

    /// <summary>The signing key; throws <see cref="WalletFileException"/> when the stored key is damaged or does not match the address.</summary>
    public KeyPair OpenKey()
    {
        KeyPair key;
        try
        {
            key = KeyPair.FromPrivateKeyHex(PrivateKey);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            throw new WalletFileException($"Wallet '{Name}' has a damaged private key ({Path}): {e.Message}");
        }

        if (!string.Equals(key.Address.ToString(), Address, StringComparison.OrdinalIgnoreCase))
        {
            key.Dispose();
            throw new WalletFileException($"Wallet '{Name}' ({Path}) holds a key for {key.Address}, not its stated address {Address}.");
        }

        return key;
    }
}

/// <summary>Source-generated JSON of <see cref="WalletFile"/> (camelCase, indented).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(WalletFile))]
public sealed partial class WalletFileJsonContext : JsonSerializerContext;
