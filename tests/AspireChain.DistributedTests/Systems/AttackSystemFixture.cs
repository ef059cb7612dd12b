namespace AspireChain.DistributedTests.Systems;

/// <summary>
/// A system (two miners, two validators: one active, one standby, and ChainQuery) that an adversary with a raw Kafka
/// producer attacks: every one of its readers of <c>blocks</c> must refuse what is forged.
/// </summary>
public sealed class AttackSystemFixture : SystemFixture
{
    protected override IEnumerable<string> Arguments => ["--Miners=2", "--Validators=2"];
}
