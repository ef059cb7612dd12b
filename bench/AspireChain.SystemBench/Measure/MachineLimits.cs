using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AspireChain.SystemBench.Measure;

/// <summary>
/// What this machine can do at best, measured by <c>openssl speed</c> in the same run: P-256 verifications and 64-byte
/// SHA-256 hashes per second of one core (openssl counts CPU time), and how many cores there are.
/// </summary>
public sealed record MachineLimits(
    int Cores,
    string? OpenSslVersion,
    double? VerifyPerSecondPerCore,
    double? SignPerSecondPerCore,
    double? Sha256HashesPerSecondPerCore,
    string? Problem)
{
    /// <summary>Seconds each <c>openssl speed</c> measurement runs.</summary>
    public const int Seconds = 3;

    /// <summary>Verifications per second on every core.</summary>
    public double? VerifyPerSecond => VerifyPerSecondPerCore * Cores;

    /// <summary>64-byte SHA-256 hashes per second on every core.</summary>
    public double? Sha256HashesPerSecond => Sha256HashesPerSecondPerCore * Cores;

    /// <summary>Limits not measured (skipped on request), with the reason.</summary>
    public static MachineLimits Skipped(string reason) => new(Environment.ProcessorCount, null, null, null, null, reason);

    /// <summary>Runs <c>openssl speed -seconds 3 ecdsap256</c> and <c>openssl speed -seconds 3 -bytes 64 sha256</c> (about 9 s).</summary>
    public static async Task<MachineLimits> MeasureAsync(CancellationToken cancellationToken)
    {
        try
        {
            var version = (await RunAsync("version", cancellationToken)).Trim();
            var ecdsa = await RunAsync(string.Create(CultureInfo.InvariantCulture, $"speed -seconds {Seconds} ecdsap256"), cancellationToken);
            var sha = await RunAsync(string.Create(CultureInfo.InvariantCulture, $"speed -seconds {Seconds} -bytes 64 sha256"), cancellationToken);
            var (sign, verify) = ParseEcdsa(ecdsa);
            var hashes = ParseSha256(sha);
            var problem = verify is null || hashes is null ? "could not read openssl speed's output" : null;
            return new MachineLimits(Environment.ProcessorCount, version, verify, sign, hashes, problem);
        }
        catch (Win32Exception)
        {
            return Skipped("openssl is not installed (Debian/Ubuntu: sudo apt-get install openssl)");
        }
    }

    /// <summary>Sign/s and verify/s from the <c>256 bits ecdsa (nistp256)</c> line.</summary>
    public static (double? Sign, double? Verify) ParseEcdsa(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var match = Regex.Match(output, @"ecdsa \(nistp256\)\s+\S+s\s+\S+s\s+([\d.]+)\s+([\d.]+)", RegexOptions.CultureInvariant);
        return match.Success
            ? (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : (null, null);
    }

    /// <summary>64-byte hashes/s from the <c>sha256</c> line (openssl prints thousands of bytes per second).</summary>
    public static double? ParseSha256(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var match = Regex.Match(output, @"^sha256\s+([\d.]+)k", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 1000 / 64 : null;
    }

    private static async Task<string> RunAsync(string arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("openssl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new Win32Exception("openssl did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return await output + await errors;
    }
}
