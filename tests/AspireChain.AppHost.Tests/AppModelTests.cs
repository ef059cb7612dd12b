using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using AspireChain.AppHost.AppModel;
using AspireChain.Hosting;

namespace AspireChain.AppHost.Tests;

/// <summary>The app model <c>AppHost/Program.cs</c> declares, read without starting anything.</summary>
public sealed class AppModelTests
{
    private static readonly string[] Services = ["chainquery", "ingest", "miner", "validator"];
    private const string LoadGenerator = "loadgen";

    [Fact]
    public async Task The_model_is_the_broker_and_four_services_each_referencing_and_waiting_for_kafka_with_a_health_check()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>();
        var kafka = Assert.Single(builder.Resources.OfType<KafkaClusterResource>());
        Assert.Equal("kafka", kafka.Name);
        Assert.True(kafka.IsEmbedded);
        var all = builder.Resources.OfType<ProjectResource>().ToDictionary(p => p.Name);
        Assert.Equal([.. Services.Append(LoadGenerator).Order()], all.Keys.Order());
        var projects = all.Where(p => p.Key != LoadGenerator).ToDictionary();
        foreach (var project in projects.Values)
        {
            Assert.Contains(project.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource == kafka && r.Type == "Reference");
            Assert.Contains(project.Annotations.OfType<WaitAnnotation>(), w => w.Resource == kafka);
            Assert.NotEmpty(project.Annotations.OfType<HealthCheckAnnotation>());
        }

        Assert.Contains(projects["ingest"].Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource == projects["chainquery"]);
        Assert.Equal(3, projects["miner"].GetReplicaCount());
        Assert.Equal(1, projects["validator"].GetReplicaCount());
    }

    [Fact]
    public async Task The_load_generator_waits_for_an_explicit_start_and_finds_ingest_and_chainquery_through_service_discovery()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>();
        var projects = builder.Resources.OfType<ProjectResource>().ToDictionary(p => p.Name);
        var loadGenerator = projects[LoadGenerator];
        Assert.Single(loadGenerator.Annotations.OfType<ExplicitStartupAnnotation>());
        Assert.Contains(loadGenerator.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource == projects["ingest"] && r.Type == "Reference");
        Assert.Contains(loadGenerator.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource == projects["chainquery"] && r.Type == "Reference");
#pragma warning disable CS0618 // The one public way to evaluate a resource's arguments and environment without starting it.
        var arguments = await loadGenerator.GetArgumentValuesAsync(DistributedApplicationOperation.Run);
#pragma warning restore CS0618
        Assert.Contains("--rate", arguments);
        Assert.Contains("--timeout", arguments);
    }

    [Fact]
    public async Task The_dashboard_offers_mine_now_verify_chain_and_broker_faults()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>();
        string[] Commands(string resource) =>
            [.. builder.Resources.Single(r => r.Name == resource).Annotations.OfType<ResourceCommandAnnotation>().Select(c => c.Name)];

        Assert.Contains(MinerCommands.MineNow, Commands("miner"));
        Assert.Contains(ChainQueryCommands.VerifyChain, Commands("chainquery"));
        Assert.Equal(
            [KafkaBrokerCommands.Down(1), KafkaBrokerCommands.Up(1), KafkaBrokerCommands.Down(2), KafkaBrokerCommands.Up(2), KafkaBrokerCommands.Down(3), KafkaBrokerCommands.Up(3)],
            Commands("kafka"));
        Assert.NotEmpty(builder.Resources.Single(r => r.Name == "chainquery").Annotations.OfType<ResourceUrlsCallbackAnnotation>());
    }

    [Fact]
    public async Task Replicas_and_broker_shape_follow_the_command_line()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>(
            ["--Miners=5", "--Validators=2", "--EmbeddedKafka:BrokerCount=1", "--Kafka:Topics:TransactionsPartitions=16"]);
        var projects = builder.Resources.OfType<ProjectResource>().ToDictionary(p => p.Name);
        Assert.Equal(5, projects["miner"].GetReplicaCount());
        Assert.Equal(2, projects["validator"].GetReplicaCount());
        var kafka = Assert.Single(builder.Resources.OfType<KafkaClusterResource>());
        Assert.Equal(1, kafka.EmbeddedOptions.BrokerCount);
        Assert.Equal(16, kafka.EmbeddedOptions.TransactionsPartitions);
        Assert.Equal([KafkaBrokerCommands.Down(1), KafkaBrokerCommands.Up(1)], kafka.Annotations.OfType<ResourceCommandAnnotation>().Select(c => c.Name));
    }

    [Fact]
    public async Task A_connection_string_replaces_the_embedded_broker_with_the_existing_cluster()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>(
            ["--ConnectionStrings:kafka=kafka-1:9092,kafka-2:9092"]);
        var kafka = Assert.Single(builder.Resources.OfType<KafkaClusterResource>());
        Assert.False(kafka.IsEmbedded);
        Assert.Equal("kafka-1:9092,kafka-2:9092", await kafka.ConnectionStringExpression.GetValueAsync(CancellationToken.None));
        Assert.Empty(kafka.Annotations.OfType<ResourceCommandAnnotation>());
    }

    [Fact]
    public async Task Every_service_gets_the_chain_parameters_and_one_data_directory_outside_the_source_tree()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>(["--Chain:Network=test", "--Chain:InitialExpectedAttempts=64"]);
        // The AppHost's project path may name its folder or its project file; the source tree is the folder above it.
        var appHost = Directory.Exists(Projects.AspireChain_AppHost.ProjectPath) ? Projects.AspireChain_AppHost.ProjectPath : Path.GetDirectoryName(Projects.AspireChain_AppHost.ProjectPath)!;
        var sourceTree = Path.GetFullPath(Path.Combine(appHost, "..")) + Path.DirectorySeparatorChar;
        string? dataDirectory = null;
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var environment = await PlainEnvironmentAsync(project);
            Assert.Equal("test", environment["Chain__Network"]);
            Assert.Equal("64", environment["Chain__InitialExpectedAttempts"]);
            dataDirectory ??= environment["DataDirectory"];
            Assert.Equal(dataDirectory, environment["DataDirectory"]);
        }

        Assert.NotNull(dataDirectory);
        Assert.False(dataDirectory.StartsWith(sourceTree, StringComparison.Ordinal), $"{dataDirectory} is inside {sourceTree}");
        Assert.StartsWith(Path.GetTempPath(), dataDirectory, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_attestation_secret_is_a_generated_secret_parameter_held_by_ingest_and_the_miners_only()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>();
        var miners = Assert.Single(builder.Resources.OfType<ParameterResource>(), p => p.Name == TransferAttestationExtensions.MinersParameter);
        // Secret: the dashboard masks it, and it is the only attestation secret (the Validator verifies every signature).
        Assert.True(miners.Secret);
        Assert.DoesNotContain(builder.Resources.OfType<ParameterResource>(), p => p != miners && p.Name.StartsWith("transfer-attestation", StringComparison.Ordinal));
        Assert.Equal(43, (await miners.GetValueAsync(CancellationToken.None))?.Length);

        var holders = new List<string>();
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var environment = await EnvironmentAsync(project);
            Assert.DoesNotContain(environment.Keys, k => k.StartsWith("TransferAttestation__", StringComparison.Ordinal) && k != TransferAttestationExtensions.MinersVariable);
            if (environment.TryGetValue(TransferAttestationExtensions.MinersVariable, out var value))
            {
                // The parameter itself, never its value in clear: that is what keeps it masked.
                Assert.Same(miners, value);
                holders.Add(project.Name);
            }
        }

        Assert.Equal(["ingest", "miner"], holders.Order());
    }

    [Fact]
    public async Task The_miners_operator_token_is_a_generated_secret_only_the_miners_hold_and_the_services_run_as_development()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>();
        var token = Assert.Single(builder.Resources.OfType<ParameterResource>(), p => p.Name == MinerCommands.OperatorTokenParameter);
        Assert.True(token.Secret);
        Assert.Equal(43, (await token.GetValueAsync(CancellationToken.None))?.Length);

        var holders = new List<string>();
        foreach (var project in builder.Resources.OfType<ProjectResource>().Where(p => Services.Contains(p.Name)))
        {
            var environment = await EnvironmentAsync(project);
            if (environment.TryGetValue(MinerCommands.OperatorTokenVariable, out var value))
            {
                Assert.Same(token, value);
                holders.Add(project.Name);
            }

            // The dev and test presets' keys are public: a service refuses them unless it runs as Development.
            Assert.Equal("Development", environment.GetValueOrDefault("ASPNETCORE_ENVIRONMENT"));
        }

        Assert.Equal(["miner"], holders);
    }

    /// <summary>
    /// The plain-text environment variables a resource's callbacks set, without starting anything: values that need a
    /// running app (endpoints, connection strings) stay unevaluated objects and are left out.
    /// </summary>
    private static async Task<Dictionary<string, string>> PlainEnvironmentAsync(IResource resource) =>
        (await EnvironmentAsync(resource)).Where(v => v.Value is string).ToDictionary(v => v.Key, v => (string)v.Value, StringComparer.Ordinal);

    /// <summary>The environment variables a resource's callbacks set, unevaluated (a parameter stays its resource).</summary>
    private static async Task<Dictionary<string, object>> EnvironmentAsync(IResource resource)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), resource, values, CancellationToken.None);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            try
            {
                await callback.Callback(context);
            }
            catch (InvalidOperationException)
            {
                // A callback that needs the running app's services (e.g. the OTLP exporter's): not ours.
            }
        }

        return values;
    }
}
