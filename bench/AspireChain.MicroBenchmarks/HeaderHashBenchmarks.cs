using AspireChain.Ledger;
using BenchmarkDotNet.Attributes;

namespace AspireChain.MicroBenchmarks;

/// <summary>Header hashes per second for each miner, one thread and all cores; allocations are per search of 2^20 nonces.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class HeaderHashBenchmarks
{
    private const int Nonces = 1 << 20;

    // A target no hash meets, so every search tries exactly Nonces nonces.
    private static readonly BlockHeader Template = new(
        1, 42, Hash256.Compute("previous"u8), Hash256.Compute("merkle"u8), Hash256.Compute("state"u8), 1_767_225_600_000,
        Target.FromBits(0x01010000), Address.Parse("00000000000000000000000000000000000000aa"), 0);

    /// <summary>Miner implementation.</summary>
    [Params("reference", "vector256")]
    public string Miner { get; set; } = "reference";

    /// <summary>1 or every core.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    /// <summary>1 and <see cref="Environment.ProcessorCount"/>.</summary>
    public static IEnumerable<int> ThreadCounts => new[] { 1, Environment.ProcessorCount }.Distinct();

    /// <summary>Reported per header hash.</summary>
    [Benchmark(OperationsPerInvoke = Nonces)]
    public ulong HeaderHash() => ProofOfWork.Create(Miner).Search(Template, 0, Nonces, Threads, CancellationToken.None).Attempts;
}
