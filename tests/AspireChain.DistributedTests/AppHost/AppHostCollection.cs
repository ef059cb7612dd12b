namespace AspireChain.DistributedTests.AppHost;

/// <summary>
/// The tests of the AppHost itself (its process, Aspire's dashboard, the Kafka resource): each starts its own system,
/// so like every distributed collection they run alone, one after another.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AppHostCollection
{
    public const string Name = "Distributed: the AppHost";
}
