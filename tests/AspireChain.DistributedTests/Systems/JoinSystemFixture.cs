using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using AspireChain.AppHost.AppModel;
using AspireChain.Hosting;

namespace AspireChain.DistributedTests.Systems;

/// <summary>
/// A system whose Validator publishes a snapshot every 5 blocks, with a third miner, <c>miner-joiner</c>, that is not
/// started with the others (its store is empty when it first starts: a replica added to a running chain), and a second
/// ChainQuery, <c>chainquery-rebuilt</c>, whose store the join scenario wipes.
/// </summary>
public sealed class JoinSystemFixture : SystemFixture
{
    public const string JoiningMiner = "miner-joiner";
    public const string RebuiltChainQuery = "chainquery-rebuilt";
    public const int SnapshotInterval = 5;

    private readonly string _stores = Path.Combine(Path.GetTempPath(), "aspirechain-distributed-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The folder holding <see cref="RebuiltChainQuery"/>'s SQLite file (emptied to make it start over).</summary>
    public string RebuiltChainQueryDirectory => Path.Combine(_stores, "chainquery");

    protected override IEnumerable<string> Arguments => ["--Miners=2", "--Validators=1"];

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        Directory.CreateDirectory(RebuiltChainQueryDirectory);
        var kafka = builder.CreateResourceBuilder<KafkaClusterResource>("kafka");
        var settings = builder.AddChainSettings();
        builder.CreateResourceBuilder<ProjectResource>("validator")
            .WithEnvironment("Validator__SnapshotInterval", SnapshotInterval.ToString(global::System.Globalization.CultureInfo.InvariantCulture));
        builder.AddProject<Projects.AspireChain_Miner>(JoiningMiner)
            .WithReference(kafka).WaitFor(kafka).WithChainSettings(settings).WithHttpHealthCheck("/health")
            .WithExplicitStart()
            .WithEnvironment("Miner__DataPath", Path.Combine(_stores, "miner-joiner", "miner.db"))
            .WithEnvironment("OTEL_SERVICE_NAME", "miner")
            .WithEnvironment("OTEL_RESOURCE_ATTRIBUTES", $"service.instance.id={JoiningMiner}");
        builder.AddProject<Projects.AspireChain_ChainQuery>(RebuiltChainQuery)
            .WithReference(kafka).WaitFor(kafka).WithChainSettings(settings).WithHttpHealthCheck("/health")
            .WithEnvironment("ChainQuery__StatusGroupId", RebuiltChainQuery)
            .WithEnvironment("ChainQuery__DatabasePath", Path.Combine(RebuiltChainQueryDirectory, "chainquery.db"))
            .WithEnvironment("OTEL_SERVICE_NAME", "chainquery")
            .WithEnvironment("OTEL_RESOURCE_ATTRIBUTES", $"service.instance.id={RebuiltChainQuery}");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_stores, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never written.
        }
    }
}
