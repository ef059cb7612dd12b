using System.Globalization;
using AspireChain.Ledger;

namespace AspireChain.DistributedTests.Infrastructure;

/// <summary>
/// The chain every AppHost system under test runs, in one place: the <c>test</c> preset with about 4,096 hashes per block
/// instead of about one. Still instant to mine (milliseconds), but a forged header can now miss its target: with the
/// preset's target a failing nonce takes ~16.7 million hashes to find.
/// </summary>
internal static class SystemNetwork
{
    public const int ExpectedAttemptsPerBlock = 4_096;

    public static NetworkParameters Parameters { get; } =
        NetworkParameters.From(new ChainOptions { Network = "test", InitialExpectedAttempts = ExpectedAttemptsPerBlock });

    /// <summary>The AppHost arguments that hand the same parameters to every service (section <c>Chain</c>).</summary>
    public static IReadOnlyList<string> AppHostArguments { get; } =
        ["--Chain:Network=test", string.Create(CultureInfo.InvariantCulture, $"--Chain:InitialExpectedAttempts={ExpectedAttemptsPerBlock}")];
}
