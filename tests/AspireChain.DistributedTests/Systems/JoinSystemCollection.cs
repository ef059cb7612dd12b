namespace AspireChain.DistributedTests.Systems;

/// <summary>The join scenario floods <c>blocks</c> until the broker evicts its start, so on a system of its own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class JoinSystemCollection : ICollectionFixture<JoinSystemFixture>
{
    public const string Name = "Distributed: joining from snapshots";
}
