using AspireChain.Ledger;
using AspireChain.Validator.Options;
using Microsoft.Extensions.Options;

namespace AspireChain.Validator.Identity;

/// <summary>
/// The key this validator signs accepted blocks with, resolved once at start-up: <c>Validator:SigningKey</c>, else the
/// file at <c>Validator:SigningKeyPath</c>, else (dev and test only) the public dev validator key. A key the network does
/// not pin, or none at all on another network, stops the start with a message saying what to configure.
/// </summary>
internal sealed class ValidatorSigningKey : IDisposable
{
    public ValidatorSigningKey(IOptions<ValidatorOptions> options, NetworkParameters network)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(network);
        var configured = options.Value;
        if (!string.IsNullOrWhiteSpace(configured.SigningKey))
        {
            Key = Import(configured.SigningKey, "Validator:SigningKey");
        }
        else if (!string.IsNullOrWhiteSpace(configured.SigningKeyPath))
        {
            string text;
            try
            {
                text = File.ReadAllText(configured.SigningKeyPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"Validator:SigningKeyPath '{configured.SigningKeyPath}' cannot be read: {e.Message}", e);
            }

            Key = Import(text, $"the key file '{configured.SigningKeyPath}'");
        }
        else if (network.IsDevelopment && network.IsValidatorKey(DevValidator.PublicKey))
        {
            Key = DevValidator.CreateKeyPair();
        }
        else
        {
            throw new InvalidOperationException(
                $"No validator signing key: network '{network.Name}' needs Validator:SigningKey (64 hex digits) or Validator:SigningKeyPath, " +
                "given to the validator alone, whose public key is one of Chain:ValidatorPublicKeys.");
        }

        if (!network.IsDevelopment && Key.PublicKey.Equals(DevValidator.PublicKey))
        {
            Key.Dispose();
            throw new InvalidOperationException(
                $"The validator signing key is the public dev validator key, which anyone can derive: network '{network.Name}' needs a key of its own " +
                "(Validator:SigningKey or Validator:SigningKeyPath, given to the validator alone; its public key in Chain:ValidatorPublicKeys).");
        }

        if (!network.IsValidatorKey(Key.PublicKey))
        {
            var pinned = string.Join(", ", network.ValidatorKeys.Select(k => k.Address.ToString()));
            Key.Dispose();
            throw new InvalidOperationException(
                $"The validator signing key (public key address {Key.PublicKey.Address}) is not pinned by network '{network.Name}' (pinned: {pinned}): set Chain:ValidatorPublicKeys to its public key.");
        }
    }

    /// <summary>The signing key.</summary>
    public KeyPair Key { get; }

    public void Dispose() => Key.Dispose();

    // The key's text is never echoed: a message about a malformed secret must not leak it.
    private static KeyPair Import(string text, string source)
    {
        var trimmed = text.Trim();
        try
        {
            return trimmed.Contains("-----BEGIN", StringComparison.Ordinal) ? KeyPair.FromPem(trimmed) : KeyPair.FromPrivateKeyHex(trimmed);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"{source} is not a P-256 private key (64 hex digits or a PEM).", e);
        }
    }
}
