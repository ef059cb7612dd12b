using AspireChain.Ledger;
using BenchmarkDotNet.Attributes;

namespace AspireChain.MicroBenchmarks;

/// <summary>
/// The Kafka record values of a 1,000-transfer block, JSON (the former wire form, still the HTTP form) against the
/// binary wire form: encoding and strict decoding of the <c>candidates</c> block and the <c>blocks</c> envelope, and one
/// <c>transactions</c> record. Sizes per transfer, compressed too, come from <c>wire-sizes</c> (see <see cref="WireSizeMeasure"/>).
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class WireFormatBenchmarks
{
    private Block _block = null!;
    private AcceptedBlock _accepted = null!;
    private Transaction _transaction = null!;
    private byte[] _blockJson = [];
    private byte[] _blockWire = [];
    private byte[] _acceptedJson = [];
    private byte[] _acceptedWire = [];
    private byte[] _transactionJson = [];
    private byte[] _transactionWire = [];

    /// <summary>Builds the block, its signed envelope and their encodings.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_, _block, _) = BenchmarkChains.FundedChainAndBlock(senders: 100, transactions: 1_000);
        using var validator = DevValidator.CreateKeyPair();
        _accepted = AcceptedBlock.Sign(_block, 1_234, validator, BenchmarkChains.Network);
        _transaction = _block.Transactions[1];
        (_blockJson, _blockWire) = (_block.ToJson(), _block.ToWire());
        (_acceptedJson, _acceptedWire) = (_accepted.ToJson(), _accepted.ToWire());
        (_transactionJson, _transactionWire) = (_transaction.ToJson(), _transaction.ToWire());
    }

    /// <summary>Block as JSON.</summary>
    [Benchmark]
    public byte[] BlockEncodeJson() => _block.ToJson();

    /// <summary>Block in the binary wire form.</summary>
    [Benchmark]
    public byte[] BlockEncodeWire() => _block.ToWire();

    /// <summary>Block from JSON.</summary>
    [Benchmark]
    public bool BlockDecodeJson() => Block.TryParseJson(_blockJson, out _, out _);

    /// <summary>Block from the binary wire form.</summary>
    [Benchmark]
    public bool BlockDecodeWire() => Block.TryReadWire(_blockWire, out _, out _);

    /// <summary>Accepted block as JSON.</summary>
    [Benchmark]
    public byte[] AcceptedEncodeJson() => _accepted.ToJson();

    /// <summary>Accepted block in the binary wire form.</summary>
    [Benchmark]
    public byte[] AcceptedEncodeWire() => _accepted.ToWire();

    /// <summary>Accepted block from JSON.</summary>
    [Benchmark]
    public bool AcceptedDecodeJson() => AcceptedBlock.TryParseJson(_acceptedJson, out _, out _);

    /// <summary>Accepted block from the binary wire form.</summary>
    [Benchmark]
    public bool AcceptedDecodeWire() => AcceptedBlock.TryReadWire(_acceptedWire, out _, out _);

    /// <summary>One transfer as JSON.</summary>
    [Benchmark]
    public byte[] TransactionEncodeJson() => _transaction.ToJson();

    /// <summary>One transfer in the binary wire form.</summary>
    [Benchmark]
    public byte[] TransactionEncodeWire() => _transaction.ToWire();

    /// <summary>One transfer from JSON.</summary>
    [Benchmark]
    public bool TransactionDecodeJson() => Transaction.TryParseJson(_transactionJson, out _, out _);

    /// <summary>One transfer from the binary wire form.</summary>
    [Benchmark]
    public bool TransactionDecodeWire() => Transaction.TryReadWire(_transactionWire, out _, out _);
}
