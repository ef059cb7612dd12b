using AspireChain.MicroBenchmarks;
using BenchmarkDotNet.Running;

// `quick [seconds]` prints plain rates for a side-by-side run with `openssl speed` (see bench/compare-with-openssl.sh);
// `wire-sizes` prints record bytes and producer CPU per transfer for each encoding and compression;
// anything else goes to BenchmarkDotNet (e.g. `--filter '*' --join`).
if (args is ["quick", ..])
{
    QuickMeasure.Run(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return;
}

if (args is ["wire-sizes"])
{
    WireSizeMeasure.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(QuickMeasure).Assembly).Run(args);
