namespace AspireChain.DistributedTests.Systems;

/// <summary>A system with two validators (one active, one hot standby) and two miners, for the fail-over scenario.</summary>
public sealed class FailoverSystemFixture : SystemFixture
{
    protected override IEnumerable<string> Arguments => ["--Miners=2", "--Validators=2"];
}
