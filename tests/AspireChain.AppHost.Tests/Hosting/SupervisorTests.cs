using System.Net;
using AspireChain.AppHost.Dashboard.Resources;
using AspireChain.AppHost.Dashboard.Telemetry;
using AspireChain.AppHost.Hosting;

namespace AspireChain.AppHost.Tests.Hosting;

/// <summary>The whole system under the engine: every resource becomes ready, crashes are restarted with back-off, commands work.</summary>
[Collection(DistributedCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class SupervisorTests(RunningSystemFixture system)
{
    private static readonly string[] LiveStates = [nameof(ResourceState.Starting), nameof(ResourceState.Running), nameof(ResourceState.Healthy), nameof(ResourceState.Unhealthy)];

    private DistributedApplication App => system.App;

    [Fact]
    public async Task Every_resource_becomes_ready_and_the_dashboard_lists_it()
    {
        await App.WaitForAllHealthyAsync(DistributedCollection.StartTimeout);

        var resources = App.GetResources();
        Assert.Equal(["dashboard", "kafka", "chainquery", "ingest", "miner-0", "miner-1", "validator"], resources.Select(r => r.Name));
        // Each was healthy (the wait above); a probe may flap under load since, so assert the processes, not the instant state.
        Assert.All(resources.Where(r => r.ResourceType == "Project"), r =>
        {
            Assert.NotNull(r.ProcessId);
            Assert.True(ProcessTable.IsAlive(r.ProcessId!.Value));
        });
        Assert.NotNull(App.Broker);
        Assert.Equal(App.Broker!.BootstrapServers, App.GetConnectionString("kafka"));

        using var chainQuery = App.CreateHttpClient("chainquery");
        Assert.Equal(HttpStatusCode.OK, (await chainQuery.GetAsync("/health")).StatusCode);

        using var dashboard = new HttpClient { BaseAddress = App.DashboardUrl };
        var listed = await dashboard.GetStringAsync("/api/resources");
        Assert.All(resources, r => Assert.Contains($"\"{r.Name}\"", listed, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_replica_exports_telemetry_to_the_dashboard_under_its_own_instance_id()
    {
        await App.WaitForAllHealthyAsync(DistributedCollection.StartTimeout);
        (string Service, string Instance)[] expected = [("chainquery", "chainquery"), ("ingest", "ingest"), ("miner", "miner-0"), ("miner", "miner-1"), ("validator", "validator")];
        var telemetry = App.Telemetry!;

        // OTEL_* from the engine: the OTLP endpoint, OTEL_SERVICE_NAME and service.instance.id per replica, 1 s export interval.
        HashSet<(string, string)> Reporting(TelemetryStore store) =>
            store.GetMetricNames().SelectMany(name => store.GetMetricPoints(name)).Select(p => (p.ServiceName, p.ServiceInstanceId)).ToHashSet();
        var arrived = await telemetry.WaitForAsync(store => expected.All(Reporting(store).Contains), TimeSpan.FromSeconds(90));

        Assert.True(arrived, $"metrics arrived from: {string.Join(", ", Reporting(telemetry))}");
    }

    [Fact]
    public async Task A_killed_replica_is_restarted_with_exponential_backoff()
    {
        using var timeout = new CancellationTokenSource(DistributedCollection.StartTimeout * 2);
        const string name = "miner-1";
        await App.WaitForResourceAsync(name, s => s.ProcessId is not null && LiveStates.Contains(s.State), timeout.Token);
        var before = App.GetResource(name);

        var firstDelay = await KillAndMeasureRestartAsync(name, before, timeout.Token);
        var afterFirst = App.GetResource(name);
        var secondDelay = await KillAndMeasureRestartAsync(name, afterFirst, timeout.Token);

        Assert.Equal(before.RestartCount + 2, App.GetResource(name).RestartCount);
        Assert.True(firstDelay >= RunningSystemFixture.RestartDelay * 0.9, $"first restart after {firstDelay}");
        Assert.True(secondDelay >= RunningSystemFixture.RestartDelay * 1.9, $"second restart after {secondDelay} (back-off must double)");
        Assert.False(ProcessTable.IsAlive(before.ProcessId!.Value));
        Assert.False(ProcessTable.IsAlive(afterFirst.ProcessId!.Value));

        // The restarted process is the same service again: it becomes healthy.
        await App.WaitForResourceHealthyAsync(name, DistributedCollection.StartTimeout, timeout.Token);
    }

    [Fact]
    public async Task Stop_start_and_restart_commands_control_one_instance()
    {
        using var timeout = new CancellationTokenSource(DistributedCollection.StartTimeout * 2);
        await App.WaitForResourceHealthyAsync("validator", DistributedCollection.StartTimeout, timeout.Token);
        var running = App.GetResource("validator");

        await App.StopResourceAsync("validator", timeout.Token);
        var stopped = App.GetResource("validator");
        Assert.Equal(nameof(ResourceState.Stopped), stopped.State);
        Assert.Null(stopped.ProcessId);
        Assert.Empty(await ProcessTable.WaitUntilDeadAsync([running.ProcessId!.Value], TimeSpan.FromSeconds(10)));

        // Stopped means stopped: no supervisor relaunch behind our back.
        await Task.Delay(RunningSystemFixture.RestartDelay * 3, timeout.Token);
        Assert.Equal(nameof(ResourceState.Stopped), App.GetResource("validator").State);

        await App.StartResourceAsync("validator", timeout.Token);
        await App.WaitForResourceHealthyAsync("validator", DistributedCollection.StartTimeout, timeout.Token);
        var started = App.GetResource("validator");
        Assert.NotEqual(running.ProcessId, started.ProcessId);

        await App.RestartResourceAsync("validator", timeout.Token);
        await App.WaitForResourceHealthyAsync("validator", DistributedCollection.StartTimeout, timeout.Token);
        var restarted = App.GetResource("validator");
        Assert.Equal(started.RestartCount + 1, restarted.RestartCount);
        Assert.NotEqual(started.ProcessId, restarted.ProcessId);
    }

    [Fact]
    public async Task Console_output_of_each_resource_is_captured()
    {
        using var timeout = new CancellationTokenSource(DistributedCollection.StartTimeout);
        await App.WaitForResourceAsync("chainquery", s => s.ProcessId is not null, timeout.Token);
        var endpoint = App.GetEndpoint("chainquery").ToString().TrimEnd('/');

        // ASP.NET Core announces its address on stdout at start-up.
        IReadOnlyList<ConsoleLogLine> lines = [];
        while (!lines.Any(l => l.Text.Contains(endpoint, StringComparison.Ordinal)))
        {
            await Task.Delay(200, timeout.Token);
            lines = App.GetConsoleLogs("chainquery");
        }

        Assert.All(lines, l => Assert.Equal("chainquery", l.ResourceName));
        Assert.Equal(lines.Select(l => l.LineNumber).Order(), lines.Select(l => l.LineNumber));
    }

    private async Task<TimeSpan> KillAndMeasureRestartAsync(string name, ResourceSnapshot before, CancellationToken cancellationToken)
    {
        var killedAt = DateTimeOffset.UtcNow;
        await App.KillResourceAsync(name, cancellationToken);
        await App.WaitForResourceAsync(
            name,
            s => s.RestartCount == before.RestartCount + 1 && s.ProcessId is not null && s.ProcessId != before.ProcessId && LiveStates.Contains(s.State),
            cancellationToken);
        return App.GetResource(name).StartedAt!.Value - killedAt;
    }
}
