using AspireChain.Ledger;
using BenchmarkDotNet.Attributes;

namespace AspireChain.MicroBenchmarks;

/// <summary>ECDSA P-256 sign and verify through the ledger's types (low-S normalisation and key import included where noted).</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private readonly KeyPair _key = KeyPair.Generate();
    private byte[] _message = [];
    private byte[] _signature = [];
    private byte[] _encodedKey = [];

    /// <summary>Prepares one signed message.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _message = new byte[Transaction.UnsignedSize];
        Random.Shared.NextBytes(_message);
        _signature = _key.Sign(_message);
        _encodedKey = _key.PublicKey.Bytes.ToArray();
    }

    /// <summary>Sign (SHA-256 + ECDSA + low-S).</summary>
    [Benchmark]
    public byte[] Sign() => _key.Sign(_message);

    /// <summary>Verify through a freshly parsed key object, as for a transaction just read from Kafka, with the sender's key already imported on this thread.</summary>
    [Benchmark]
    public bool Verify() => PublicKey.TryRead(_encodedKey, out var key) && key.Verify(_message, _signature);

    /// <summary>Importing a public key into OpenSSL (includes its point validation): the cost the per-thread verifier cache avoids for repeat senders.</summary>
    [Benchmark]
    public void ImportKey()
    {
        using var imported = System.Security.Cryptography.ECDsa.Create(new System.Security.Cryptography.ECParameters
        {
            Curve = System.Security.Cryptography.ECCurve.NamedCurves.nistP256,
            Q = new System.Security.Cryptography.ECPoint { X = _encodedKey[1..33], Y = _encodedKey[33..65] },
        });
    }

    /// <summary>Releases the key.</summary>
    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();
}
