using AspireChain.Ledger;
using BenchmarkDotNet.Attributes;

namespace AspireChain.MicroBenchmarks;

/// <summary>Transaction JSON wire form: serialize and strict parse (source-generated System.Text.Json).</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class TransactionJsonBenchmarks
{
    private Transaction _transaction = null!;
    private byte[] _json = [];

    /// <summary>Prepares one signed transaction.</summary>
    [GlobalSetup]
    public void Setup()
    {
        using var key = KeyPair.Generate();
        _transaction = Transaction.Create(key, Address.Parse("b0b0000000000000000000000000000000000b0b"), 123_456, 10, 7, 1_767_225_600_000, 1);
        _json = _transaction.ToJson();
    }

    /// <summary>Transaction to UTF-8 JSON.</summary>
    [Benchmark]
    public byte[] Serialize() => _transaction.ToJson();

    /// <summary>UTF-8 JSON to transaction (hex decoding and id computation included, no signature check).</summary>
    [Benchmark]
    public Transaction Parse() => Transaction.ParseJson(_json);
}
