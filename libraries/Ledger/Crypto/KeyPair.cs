using System.Numerics;
using System.Security.Cryptography;

namespace AspireChain.Ledger;

/// <summary>An ECDSA P-256 signing key (wallets, the dev faucet, tests): signs canonical bytes into the pinned low-S signature form.</summary>
public sealed class KeyPair : IDisposable
{
    private static readonly BigInteger Order = new(Convert.FromHexString("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"), isUnsigned: true, isBigEndian: true);

    private readonly ECDsa _key;

    private KeyPair(ECDsa key)
    {
        _key = key;
        PublicKey = PublicKey.FromParameters(key.ExportParameters(includePrivateParameters: false));
    }

    /// <summary>The public half, embedded in every transaction this key signs.</summary>
    public PublicKey PublicKey { get; }

    /// <summary>The address this key controls.</summary>
    public Address Address => PublicKey.Address;

    /// <summary>A fresh random key.</summary>
    public static KeyPair Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Imports a private scalar given as 64 hex digits (the export form of <see cref="ExportPrivateKeyHex"/>).</summary>
    public static KeyPair FromPrivateKeyHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var d = Convert.FromHexString(hex);
        if (d.Length != 32) throw new FormatException("A P-256 private key is 32 bytes (64 hex digits).");
        return FromPrivateScalar(d);
    }

    /// <summary>Imports a PKCS#8 or SEC1 PEM private key (the form of <see cref="ExportPrivateKeyPem"/>).</summary>
    public static KeyPair FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
                throw new FormatException("Only P-256 keys sign AspireChain transactions.");
            return new KeyPair(key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Derives a key deterministically from a seed (SHA-256, reduced into [1, n−1]); for dev/test keys only.</summary>
    public static KeyPair FromSeed(ReadOnlySpan<byte> seed)
    {
        var digest = SHA256.HashData(seed);
        var scalar = new BigInteger(digest, isUnsigned: true, isBigEndian: true) % (Order - 1) + 1;
        var d = new byte[32];
        scalar.TryWriteBytes(d.AsSpan(32 - scalar.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return FromPrivateScalar(d);
    }

    private static KeyPair FromPrivateScalar(byte[] d)
    {
        // OpenSSL derives Q from D when Q is left empty.
        var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
        return new KeyPair(key);
    }

    /// <summary>The private scalar as 64 lower-case hex digits. Secret: never log it.</summary>
    public string ExportPrivateKeyHex() => Convert.ToHexStringLower(_key.ExportParameters(includePrivateParameters: true).D!);

    /// <summary>The private key as PKCS#8 PEM, for tools that expect it.</summary>
    public string ExportPrivateKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>Signs SHA-256(<paramref name="message"/>) and returns a 64-byte low-S (r || s) signature.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signature = new byte[Signature.Size];
        if (!_key.TrySignData(message, signature, HashAlgorithmName.SHA256, out var written) || written != Signature.Size)
            throw new CryptographicException("P-256 signing produced an unexpected length.");
        Signature.NormalizeLowS(signature);
        return signature;
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
