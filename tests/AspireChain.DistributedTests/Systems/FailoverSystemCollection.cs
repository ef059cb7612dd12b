namespace AspireChain.DistributedTests.Systems;

/// <summary>The validator fail-over scenario: destructive for the validators, so on a system of its own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FailoverSystemCollection : ICollectionFixture<FailoverSystemFixture>
{
    public const string Name = "Distributed: validator fail-over";
}
