using AspireChain.AppHost.Hosting;
using AspireChain.AppHost.Hosting.Testing;

namespace AspireChain.AppHost.Tests.Hosting;

/// <summary>The real Program.cs, captured by the testing builder, declares the expected resources, wiring and environment (nothing is started).</summary>
public sealed class AppModelTests
{
    [Fact]
    public async Task Program_declares_broker_four_services_and_miner_replicas()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>(["--Miners=2"]);

        Assert.Equal(["kafka", "chainquery", "ingest", "miner", "validator"], builder.Resources.Select(r => r.Name));
        var kafka = Assert.IsType<KafkaResource>(builder.Resources[0]);
        Assert.Null(kafka.ExternalConnectionString);

        var projects = builder.Resources.OfType<ProjectResource>().ToDictionary(p => p.Name);
        Assert.Equal(2, projects["miner"].Replicas);
        Assert.Equal(1, projects["validator"].Replicas);
        Assert.All(projects.Values, p =>
        {
            Assert.Contains(kafka, p.References);
            Assert.Contains(kafka, p.WaitsFor);
            Assert.Equal("/health", p.HealthCheckPath);
            Assert.True(File.Exists(p.Project.ProjectPath), p.Project.ProjectPath);
            Assert.EndsWith($"{Path.GetFileNameWithoutExtension(p.Project.ProjectPath)}.dll", p.Project.TargetPath, StringComparison.Ordinal);
        });
        Assert.Contains(projects["chainquery"], projects["ingest"].References);
    }

    [Fact]
    public async Task Miner_replicas_default_to_three()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>();

        Assert.Equal(3, builder.CreateResourceBuilder<ProjectResource>("miner").Resource.Replicas);
    }

    [Fact]
    public async Task Every_replica_gets_the_aspire_environment_contract()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>(
            ["--Miners=2", "--ConnectionStrings:kafka=broker-a:9092,broker-b:9092", "--Chain:Network=test"]);
        await using var app = await builder.BuildAsync();

        var snapshots = app.GetResources();
        Assert.Equal(["kafka", "chainquery", "ingest", "miner-0", "miner-1", "validator"], snapshots.Select(s => s.Name));
        Assert.All(snapshots, s => Assert.Equal(nameof(ResourceState.Waiting), s.State));
        Assert.Equal(["miner", "miner"], snapshots.Where(s => s.ReplicaSet is not null).Select(s => s.ReplicaSet));
        var endpoints = snapshots.Where(s => s.ResourceType == "Project").Select(s => Assert.Single(s.Endpoints)).ToList();
        Assert.Equal(endpoints.Count, endpoints.Distinct().Count());

        var miner = app.EnvironmentFor("miner-1");
        Assert.Equal("broker-a:9092,broker-b:9092", miner["ConnectionStrings__kafka"]);
        Assert.Equal("miner", miner["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=miner-1", miner["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal(app.GetEndpoint("miner-1").ToString().TrimEnd('/'), miner["ASPNETCORE_URLS"]);
        Assert.Equal("test", miner["Chain__Network"]);
        Assert.Equal(Path.Combine(app.DataDirectory, "miner-1"), miner["ASPNETCORE_CONTENTROOT"]);

        var ingest = app.EnvironmentFor("ingest");
        var chainQuery = app.GetEndpoint("chainquery").ToString().TrimEnd('/');
        Assert.Equal(chainQuery, ingest["services__chainquery__http__0"]);
        Assert.Equal(chainQuery, ingest["CHAINQUERY_HTTP"]);
        Assert.Equal("ingest", ingest["OTEL_SERVICE_NAME"]);
        Assert.Equal("broker-a:9092,broker-b:9092", app.GetConnectionString("kafka"));
    }

    [Fact]
    public async Task Ports_can_be_fixed_per_instance_from_configuration()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>(
            ["--ConnectionStrings:kafka=broker:9092", "--Ports:ingest=5080", "--Ports:miner-1=5091"]);
        await using var app = await builder.BuildAsync();

        Assert.Equal(new Uri("http://127.0.0.1:5080"), app.GetEndpoint("ingest"));
        Assert.Equal(5091, app.GetEndpoint("miner-1").Port);
        Assert.NotEqual(5080, app.GetEndpoint("chainquery").Port);
        Assert.Equal("http://127.0.0.1:5080", app.EnvironmentFor("ingest")["ASPNETCORE_URLS"]);
    }

    [Fact]
    public async Task A_test_can_change_replicas_and_environment_before_building()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>(["--ConnectionStrings:kafka=broker:9092"]);
        builder.CreateResourceBuilder<ProjectResource>("validator").WithReplicas(2).WithEnvironment("Validator__Standby", "true");
        await using var app = await builder.BuildAsync();

        Assert.Equal(["validator-0", "validator-1"], app.GetResources().Where(s => s.ReplicaSet == "validator").Select(s => s.Name));
        Assert.Equal("true", app.EnvironmentFor("validator-1")["Validator__Standby"]);
        Assert.Equal("service.instance.id=validator-1", app.EnvironmentFor("validator-1")["OTEL_RESOURCE_ATTRIBUTES"]);
    }
}
