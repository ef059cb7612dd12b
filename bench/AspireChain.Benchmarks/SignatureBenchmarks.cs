using AspireChain.Ledger;
using BenchmarkDotNet.Attributes;

namespace AspireChain.Benchmarks;

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

    /// <summary>Verify with a key already imported (the cost per signature once a key object is warm).</summary>
    [Benchmark]
    public bool VerifyWarmKey() => _key.PublicKey.Verify(_message, _signature);

    /// <summary>Verify through a freshly parsed key, as for a transaction just read from Kafka (import + point check + verify).</summary>
    [Benchmark]
    public bool VerifyFreshKey() => PublicKey.TryRead(_encodedKey, out var key) && key.Verify(_message, _signature);

    /// <summary>Releases the key.</summary>
    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();
}
