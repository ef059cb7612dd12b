namespace AspireChain.Cli.Tests.Distributed;

/// <summary>The CLI's end-to-end tests share one running system, and run alone (two cores).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliSystemCollection : ICollectionFixture<CliSystemFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Distributed: aspirechain CLI";
}
