using AspireChain.Ledger;
using BenchmarkDotNet.Attributes;

namespace AspireChain.MicroBenchmarks;

/// <summary>
/// What every reader of <c>blocks</c> pays per block before applying it: the validator signature over the envelope,
/// and the cheap consensus rules of a 1,000-transfer block (linkage, height, proof of work against the expected target,
/// Merkle root, coinbase, balances and nonces) without re-verifying the transfer signatures; plus parsing the envelope.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class FollowerVerificationBenchmarks
{
    private Chain _chain = null!;
    private AcceptedBlock _accepted = null!;
    private byte[] _wire = [];

    /// <summary>Builds the funded chain, the block and its signed envelope.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (chain, block, _) = BenchmarkChains.FundedChainAndBlock(senders: 100, transactions: 1_000);
        _chain = chain;
        using var validator = DevValidator.CreateKeyPair();
        _accepted = AcceptedBlock.Sign(block, 1_234, validator, BenchmarkChains.Network);
        _wire = _accepted.ToWire();
        if (!_accepted.Verify(BenchmarkChains.Network).IsValid) throw new InvalidOperationException("the envelope must verify");
    }

    /// <summary>The envelope's validator signature (one P-256 verify over 81 bytes).</summary>
    [Benchmark]
    public ValidationResult VerifyEnvelopeSignature() => _accepted.Verify(BenchmarkChains.Network);

    /// <summary>The cheap rules of a 1,000-transfer block against the chain, transfer signatures not re-verified, then undone.</summary>
    [Benchmark]
    public ValidationResult CheapRules1000Transfers()
    {
        var result = _chain.TryAppend(_accepted.Block, _accepted.Block.Header.Timestamp, SignatureVerification.None);
        if (!result.IsValid) throw new InvalidOperationException(result.ToString());
        _chain.RemoveTip();
        return result;
    }

    /// <summary>Parsing the envelope's binary record value (what a reader does first, strictly and without throwing).</summary>
    [Benchmark]
    public bool ParseEnvelope1000Transfers() => AcceptedBlock.TryReadWire(_wire, out _, out _);
}
