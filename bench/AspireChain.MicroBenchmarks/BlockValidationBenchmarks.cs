using AspireChain.Ledger;
using BenchmarkDotNet.Attributes;

namespace AspireChain.MicroBenchmarks;

/// <summary>
/// Full validation of a 1,000-transfer block (100 senders) as the Validator does it: parse the binary form (fresh key
/// objects), check every rule, apply to the state; then undo so each invocation starts equal. Sender keys stay imported
/// in the per-thread verifier cache between invocations except in the cold variant.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class BlockValidationBenchmarks
{
    private Chain _chain = null!;
    private Chain _sequentialChain = null!;
    private byte[] _block = [];
    private long _now;

    /// <summary>Builds the funded chain and the block.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (chain, block, now) = BenchmarkChains.FundedChainAndBlock(senders: 100, transactions: 1_000);
        _chain = chain;
        _block = block.ToBytes();
        _now = now;
        _sequentialChain = new Chain(BenchmarkChains.Network, SignatureVerification.Sequential);
        if (!_sequentialChain.TryAppend(chain.GetBlock(1)!, now).IsValid) throw new InvalidOperationException("funding block");
    }

    /// <summary>Signatures verified on all cores.</summary>
    [Benchmark(Baseline = true)]
    public ValidationResult ParallelSignatures() => ValidateAndUndo(_chain);

    /// <summary>Signatures verified on one thread.</summary>
    [Benchmark]
    public ValidationResult SequentialSignatures() => ValidateAndUndo(_sequentialChain);

    /// <summary>All cores, every sender's key seen for the first time (imported once per thread that meets it).</summary>
    [Benchmark]
    public ValidationResult ParallelSignaturesColdKeys()
    {
        VerifierCache.Invalidate();
        return ValidateAndUndo(_chain);
    }

    private ValidationResult ValidateAndUndo(Chain chain)
    {
        if (!Block.TryRead(_block, out var block, out var error)) return error;
        var result = chain.TryAppend(block, _now);
        if (!result.IsValid) throw new InvalidOperationException(result.ToString());
        chain.RemoveTip();
        return result;
    }
}
