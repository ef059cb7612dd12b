using Aspire.Hosting;
using Aspire.Hosting.Testing;
using AspireChain.AppHost.AppModel;
using AspireChain.Hosting;

namespace AspireChain.DistributedTests.Systems;

/// <summary>
/// The system most scenarios share (three miners, one validator, as <c>dotnet run --project AppHost</c> starts it) plus
/// a second ChainQuery, <c>chainquery-fresh</c>, whose store the restart scenario wipes to get a reader that starts from
/// the beginning. Scenarios that crash a service here restore it before they end.
/// </summary>
public sealed class SharedSystemFixture : SystemFixture
{
    public const string FreshChainQuery = "chainquery-fresh";

    private readonly string _freshStore = Path.Combine(Path.GetTempPath(), "aspirechain-distributed-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The SQLite file of <see cref="FreshChainQuery"/> (deleted to make it start over).</summary>
    public string FreshDatabasePath => Path.Combine(_freshStore, "chainquery.db");

    protected override IEnumerable<string> Arguments => ["--Miners=3", "--Validators=1"];

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        Directory.CreateDirectory(_freshStore);
        var kafka = builder.CreateResourceBuilder<KafkaClusterResource>("kafka");
        builder.AddProject<Projects.AspireChain_ChainQuery>(FreshChainQuery)
            .WithReference(kafka).WaitFor(kafka).WithChainSettings(builder.AddChainSettings()).WithHttpHealthCheck("/health")
            // Its own consumer group and store: an independent reader, not a replica sharing chainquery's work.
            .WithEnvironment("ChainQuery__StatusGroupId", FreshChainQuery)
            .WithEnvironment("ChainQuery__DatabasePath", FreshDatabasePath)
            // Another instance of the chainquery service, as a replica would be, so its telemetry is chainquery's.
            .WithEnvironment("OTEL_SERVICE_NAME", "chainquery")
            .WithEnvironment("OTEL_RESOURCE_ATTRIBUTES", $"service.instance.id={FreshChainQuery}");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_freshStore, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never written.
        }
    }
}
