using System.Diagnostics;
using System.Globalization;
using AspireChain.Ledger;

namespace AspireChain.MicroBenchmarks;

/// <summary>
/// Fixed-duration rate measurements printed as <c>name value unit</c> lines, meant to run back to back with
/// <c>openssl speed</c> so both see the same machine load (a shared 2-core box is rarely quiet). Each rate is printed per
/// wall-clock second and per CPU second of this process: <c>openssl speed</c> counts CPU (user) time unless given
/// <c>-elapsed</c>, so the fair pairs are cpu↔default and wall↔<c>-elapsed</c>.
/// </summary>
internal static class QuickMeasure
{
    public static void Run(double seconds)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        var template = new BlockHeader(
            1, 42, Hash256.Compute("previous"u8), Hash256.Compute("merkle"u8), Hash256.Compute("state"u8), 1_767_225_600_000,
            Target.FromBits(0x01010000), Address.Parse("00000000000000000000000000000000000000aa"), 0);

        Print("hashes_reference_1t", HashRate(ReferenceProofOfWork.Instance, template, 1, duration), "hash/s");
        Print("hashes_vector_1t", HashRate(VectorProofOfWork.Instance, template, 1, duration), "hash/s");
        Print("hashes_vector_all", HashRate(VectorProofOfWork.Instance, template, Environment.ProcessorCount, duration), "hash/s");
        var (median, max) = StopLatency(template);
        Print("stop_latency_median", median, "ms");
        Print("stop_latency_max", max, "ms");

        using var key = KeyPair.Generate();
        var message = new byte[Transaction.UnsignedSize];
        var signature = key.Sign(message);
        Print("sign_1t", Rate(() => key.Sign(message), duration), "op/s");
        Print("verify_1t", Rate(() => key.PublicKey.Verify(message, signature), duration), "op/s");

        var (chain, block, now) = BenchmarkChains.FundedChainAndBlock(senders: 100, transactions: 1_000);
        var bytes = block.ToBytes();
        var sequential = new Chain(BenchmarkChains.Network, SignatureVerification.Sequential);
        sequential.TryAppend(chain.GetBlock(1)!, now);
        Print("block1000_parallel", 1_000 * Rate(() => ValidateAndUndo(chain, bytes, now), duration), "tx/s");
        Print("block1000_sequential", 1_000 * Rate(() => ValidateAndUndo(sequential, bytes, now), duration), "tx/s");
        Print("block1000_parallel_cold_keys", 1_000 * Rate(() =>
        {
            VerifierCache.Invalidate();
            ValidateAndUndo(chain, bytes, now);
        }, duration), "tx/s");

        // What a reader of `blocks` pays per block: the envelope's signature, then the cheap rules without transfer signatures.
        using var validator = DevValidator.CreateKeyPair();
        var accepted = AcceptedBlock.Sign(block, 1_234, validator, BenchmarkChains.Network);
        var wire = accepted.ToWire();
        Print("envelope_verify_1t", Rate(() => accepted.Verify(BenchmarkChains.Network), duration), "op/s");
        Print("block1000_cheap_rules", Rate(() =>
        {
            var result = chain.TryAppend(accepted.Block, accepted.Block.Header.Timestamp, SignatureVerification.None);
            if (!result.IsValid) throw new InvalidOperationException(result.ToString());
            chain.RemoveTip();
        }, duration), "block/s");
        Print("envelope1000_parse", Rate(() => AcceptedBlock.TryReadWire(wire, out _, out _), duration), "block/s");
    }

    private static Measured HashRate(IProofOfWork pow, BlockHeader template, int threads, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        var cpu = CpuTime();
        var result = pow.Search(template, 0, ulong.MaxValue, threads, stop.Token);
        return new Measured(result.HashRate, result.Attempts / (CpuTime() - cpu).TotalSeconds);
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.UserProcessorTime;
    }

    private readonly record struct Measured(double Wall, double Cpu)
    {
        public static Measured operator *(double factor, Measured m) => new(factor * m.Wall, factor * m.Cpu);
    }

    // Time from Cancel() to Search returning, all cores busy.
    private static (double Median, double Max) StopLatency(BlockHeader template)
    {
        var samples = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            using var stop = new CancellationTokenSource();
            long cancelledAt = 0;
            var search = Task.Run(() => VectorProofOfWork.Instance.Search(template, 0, ulong.MaxValue, Environment.ProcessorCount, stop.Token));
            Thread.Sleep(100);
            cancelledAt = Stopwatch.GetTimestamp();
            stop.Cancel();
            search.Wait();
            samples.Add(Stopwatch.GetElapsedTime(cancelledAt).TotalMilliseconds);
        }
        samples.Sort();
        return (samples[samples.Count / 2], samples[^1]);
    }

    private static Measured Rate(Action operation, TimeSpan duration)
    {
        operation(); // warm up
        var cpu = CpuTime();
        var stopwatch = Stopwatch.StartNew();
        var count = 0;
        while (stopwatch.Elapsed < duration)
        {
            operation();
            count++;
        }
        return new Measured(count / stopwatch.Elapsed.TotalSeconds, count / (CpuTime() - cpu).TotalSeconds);
    }

    private static void ValidateAndUndo(Chain chain, byte[] bytes, long now)
    {
        if (!Block.TryRead(bytes, out var block, out var error)) throw new InvalidOperationException(error.ToString());
        var result = chain.TryAppend(block, now);
        if (!result.IsValid) throw new InvalidOperationException(result.ToString());
        chain.RemoveTip();
    }

    private static void Print(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {value:F1} {unit}"));

    private static void Print(string name, Measured value, string unit)
    {
        Print(name + "_wall", value.Wall, unit);
        Print(name + "_cpu", value.Cpu, unit + " per CPU second");
    }
}
