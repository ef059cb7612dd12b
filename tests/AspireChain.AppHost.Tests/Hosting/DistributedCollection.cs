namespace AspireChain.AppHost.Tests.Hosting;

/// <summary>
/// Tests that start the whole system run one at a time and alone (two cores): they join this collection.
/// Filter with <c>--filter Category=Distributed</c> (or <c>Category!=Distributed</c> for the quick suite).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DistributedCollection : ICollectionFixture<RunningSystemFixture>
{
    public const string Name = "AppHost distributed";

    /// <summary>How long a system start may take on a loaded 2-core machine.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
}

/// <summary>Tests that start their own system (an AppHost process, an application, a broker) apart from the running-system fixture.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessLifetimeCollection
{
    public const string Name = "AppHost process lifetime";
}
