namespace AspireChain.DistributedTests.Systems;

/// <summary>
/// A system (two miners, two validators: one active, one standby, and ChainQuery) that an adversary with a raw Kafka
/// producer attacks: every one of its readers of <c>blocks</c> must refuse what is forged. The miners' attestation
/// secret is pinned, so an attack can play an insider who holds it (a compromised ingest or miner).
/// </summary>
public sealed class AttackSystemFixture : SystemFixture
{
    /// <summary>The miners' attestation secret this system runs with.</summary>
    public const string MinersSecret = "attack-system-miners-secret-0123456789abcdefghij";

    protected override IEnumerable<string> Arguments => ["--Miners=2", "--Validators=2", $"--Parameters:transfer-attestation-miners={MinersSecret}"];
}
