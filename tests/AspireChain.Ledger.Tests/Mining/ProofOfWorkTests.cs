namespace AspireChain.Ledger.Tests.Mining;

public sealed class ProofOfWorkTests
{
    private static BlockHeader Template(Target target) =>
        new(1, 1, Hash256.Compute("prev"u8), Hash256.Compute("root"u8), Hash256.Compute("state"u8), 1_767_225_600_000, target, Address.Parse(new string('a', 40)), 0);

    public static TheoryData<string> Implementations => new() { "reference", "vector256" };

    internal static IProofOfWork Create(string name) => name switch
    {
        "reference" => ReferenceProofOfWork.Instance,
        "vector256" => VectorProofOfWork.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Finds_a_nonce_that_meets_the_target(string name)
    {
        var pow = Create(name);
        var template = Template(Target.FromExpectedAttempts(1 << 10));
        foreach (var threads in new[] { 1, 2 })
        {
            var result = pow.Search(template, 0, ulong.MaxValue, threads, CancellationToken.None);
            Assert.True(result.Found);
            Assert.Equal((template with { Nonce = result.Nonce }).ComputeHash(), result.Hash);
            Assert.True(template.Target.IsMetBy(result.Hash));
            Assert.True(result.Attempts >= 1);
        }
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Single_thread_finds_the_first_winning_nonce(string name)
    {
        var template = Template(Target.FromExpectedAttempts(1 << 8));
        var expected = 0UL;
        while (!template.Target.IsMetBy((template with { Nonce = expected }).ComputeHash())) expected++;
        var result = Create(name).Search(template, 0, ulong.MaxValue, 1, CancellationToken.None);
        Assert.Equal(expected, result.Nonce);
        Assert.Equal(expected + 1, result.Attempts);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Exhausts_a_range_without_a_winner(string name)
    {
        var template = Template(Target.FromExpectedAttempts(1e30));
        var result = Create(name).Search(template, 1000, 5_000, 2, CancellationToken.None);
        Assert.Equal(ProofOfWorkOutcome.Exhausted, result.Outcome);
        Assert.Equal(5_000UL, result.Attempts);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Stops_after_cancellation(string name)
    {
        // Stop latency (about a millisecond) is measured by the benchmarks; on a loaded CI box only liveness is asserted,
        // and the search gets a second so its threads are scheduled at all (100 ms was not always enough at load 20).
        var template = Template(Target.FromExpectedAttempts(1e30));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var result = Create(name).Search(template, 0, ulong.MaxValue, 2, cts.Token);
        Assert.Equal(ProofOfWorkOutcome.Cancelled, result.Outcome);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(30), $"took {result.Elapsed}");
        Assert.True(result.Attempts > 0);
        Assert.True(result.HashRate > 0);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void An_already_cancelled_search_tries_nothing(string name)
    {
        var result = Create(name).Search(Template(Target.FromExpectedAttempts(2)), 0, ulong.MaxValue, 2, new CancellationToken(canceled: true));
        Assert.Equal(ProofOfWorkOutcome.Cancelled, result.Outcome);
        Assert.Equal(0UL, result.Attempts);
    }
}
