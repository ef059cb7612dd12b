namespace AspireChain.DistributedTests.Systems;

/// <summary>The broker fault scenarios: they break the broker every service uses, so on a system of their own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrokerFaultSystemCollection : ICollectionFixture<BrokerFaultSystemFixture>
{
    public const string Name = "Distributed: broker faults";
}
