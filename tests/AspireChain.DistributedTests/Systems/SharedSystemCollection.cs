namespace AspireChain.DistributedTests.Systems;

/// <summary>
/// The scenarios that share one running system. Every distributed collection runs alone (two cores): xunit runs
/// collections with parallelisation disabled one after another, after the parallel ones.
/// Run them with <c>--filter Category=Distributed</c>; the quick suite is <c>Category!=Distributed</c>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedSystemCollection : ICollectionFixture<SharedSystemFixture>
{
    public const string Name = "Distributed: shared system";
}
