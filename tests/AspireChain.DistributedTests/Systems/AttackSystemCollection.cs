namespace AspireChain.DistributedTests.Systems;

/// <summary>The attack scenarios: they write forged and malformed records to every topic, so on a system of their own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AttackSystemCollection : ICollectionFixture<AttackSystemFixture>
{
    public const string Name = "Distributed: attacks";
}
