using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenTelemetry.Exporter;

namespace AspireChain.AppHost.Tests.Dashboard;

/// <summary>The dashboard's JSON API, as the page and the distributed tests use it.</summary>
public sealed class DashboardApiTests
{
    [Fact]
    public async Task Resources_api_lists_resources_runs_commands_and_tails_console_logs()
    {
        await using var dashboard = await DashboardTestHost.StartAsync();
        var client = dashboard.Client;

        var resources = await client.GetFromJsonAsync<JsonElement>("/api/resources");
        var names = resources.EnumerateArray().Select(resource => resource.GetProperty("name").GetString()).ToList();
        Assert.Equal(["kafka", "ingest", "miner-0", "miner-1", "miner-2", "validator", "chainquery"], names);
        var miner = resources.EnumerateArray().Single(resource => resource.GetProperty("name").GetString() == "miner-1");
        Assert.Equal(("miner", "Running", "Project"), (miner.GetProperty("replicaSet").GetString(), miner.GetProperty("state").GetString(), miner.GetProperty("resourceType").GetString()));
        Assert.Equal("http://127.0.0.1:5103", miner.GetProperty("endpoints")[0].GetString());

        using var stop = await PostCommandAsync(client, "/api/resources/miner-1/stop");
        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        Assert.Equal("Stopped", dashboard.Resources.GetResources().Single(resource => resource.Name == "miner-1").State);
        using var restart = await PostCommandAsync(client, "/api/resources/miner-1/restart");
        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        Assert.Equal(1, dashboard.Resources.GetResources().Single(resource => resource.Name == "miner-1").RestartCount);

        using var unknownCommand = await PostCommandAsync(client, "/api/resources/miner-1/explode");
        Assert.Equal(HttpStatusCode.BadRequest, unknownCommand.StatusCode);
        using var unknownResource = await PostCommandAsync(client, "/api/resources/miner-9/stop");
        Assert.Equal(HttpStatusCode.NotFound, unknownResource.StatusCode);

        var lines = await client.GetFromJsonAsync<JsonElement>("/api/resources/miner-1/logs?after=0");
        Assert.Equal(["info: miner-1 started", "stop requested", "restart requested"], lines.EnumerateArray().Select(line => line.GetProperty("text").GetString()));
        var last = lines.EnumerateArray().Last().GetProperty("lineNumber").GetInt64();
        dashboard.Resources.Write("miner-1", "fail: nonce search crashed", isError: true);
        var tail = await client.GetFromJsonAsync<JsonElement>($"/api/resources/miner-1/logs?after={last}");
        var line = Assert.Single(tail.EnumerateArray());
        Assert.True(line.GetProperty("isErrorOutput").GetBoolean());
        Assert.Equal(last + 1, line.GetProperty("lineNumber").GetInt64());
        using var noSuchLogs = await client.GetAsync("/api/resources/miner-9/logs");
        Assert.Equal(HttpStatusCode.NotFound, noSuchLogs.StatusCode);
    }

    [Fact]
    public async Task Commands_without_the_command_header_and_foreign_host_names_are_refused()
    {
        await using var dashboard = await DashboardTestHost.StartAsync();

        // What a cross-site form post could send: no custom header.
        using var forged = await dashboard.Client.PostAsync("/api/resources/ingest/stop", null);
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/api/resources") { Headers = { Host = "attacker.example" } };
        using var reboundResponse = await dashboard.Client.SendAsync(rebound);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("Healthy", dashboard.Resources.GetResources().Single(resource => resource.Name == "ingest").State);
        Assert.Equal(HttpStatusCode.BadRequest, reboundResponse.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostCommandAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Headers = { { "X-AspireChain-Command", "1" } } };
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Traces_blocks_and_metrics_api_describe_a_block_across_four_services()
    {
        await using var dashboard = await DashboardTestHost.StartAsync();
        var client = dashboard.Client;
        var scenario = ChainTraceScenario.Emit(dashboard.Host.OtlpGrpcEndpoint, OtlpExportProtocol.Grpc);
        Assert.True(await dashboard.Host.Telemetry.WaitForAsync(store => store.GetTrace(scenario.TransactionTraceId).Count == 9, TimeSpan.FromSeconds(20)), "the transaction trace did not arrive whole");

        var traces = await client.GetFromJsonAsync<JsonElement>("/api/traces?limit=50");
        var trace = traces.EnumerateArray().Single(summary => summary.GetProperty("traceId").GetString() == scenario.TransactionTraceId);
        Assert.Equal("POST /transactions", trace.GetProperty("rootName").GetString());
        Assert.Equal("ingest", trace.GetProperty("rootService").GetString());
        Assert.Equal(["chainquery", "ingest", "miner", "validator"], trace.GetProperty("services").EnumerateArray().Select(service => service.GetString()));
        Assert.Equal(9, trace.GetProperty("spanCount").GetInt32());
        Assert.InRange(trace.GetProperty("durationMs").GetDouble(), 899, 901);

        var minerOnly = await client.GetFromJsonAsync<JsonElement>("/api/traces?service=validator");
        Assert.Equal(2, minerOnly.GetArrayLength());

        var spans = await client.GetFromJsonAsync<JsonElement>($"/api/traces/{scenario.TransactionTraceId}");
        var byName = spans.EnumerateArray().ToDictionary(span => span.GetProperty("name").GetString()!, span => span, StringComparer.Ordinal);
        Assert.Equal(byName["send blocks"].GetProperty("spanId").GetString(), byName["block.apply"].GetProperty("parentSpanId").GetString());
        Assert.Equal("miner-0", byName["block.mine"].GetProperty("serviceInstanceId").GetString());
        Assert.Equal(byName["send transactions"].GetProperty("spanId").GetString(), byName["block.mine"].GetProperty("links")[0].GetProperty("spanId").GetString());
        Assert.Equal("42", byName["block.apply"].GetProperty("attributes").GetProperty("aspirechain.block.height").GetString());
        using var missing = await client.GetAsync("/api/traces/0123456789abcdef0123456789abcdef");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var blocks = await client.GetFromJsonAsync<JsonElement>("/api/blocks");
        var accepted = blocks.EnumerateArray().Single(block => block.GetProperty("hash").GetString() == ChainTraceScenario.AcceptedHash);
        Assert.Equal((42L, "accepted", "miner-0", 1), (accepted.GetProperty("height").GetInt64(), accepted.GetProperty("outcome").GetString(), accepted.GetProperty("miner").GetString(), accepted.GetProperty("txCount").GetInt32()));
        Assert.InRange(accepted.GetProperty("submitToConfirmedMs").GetDouble(), 899, 901); // POST at t0, block.apply ends at t0 + 900 ms
        Assert.InRange(accepted.GetProperty("mineMs").GetDouble(), 804, 806);
        var stale = blocks.EnumerateArray().Single(block => block.GetProperty("hash").GetString() == ChainTraceScenario.StaleHash);
        Assert.Equal(("stale", "miner-1", scenario.StaleTraceId), (stale.GetProperty("outcome").GetString(), stale.GetProperty("miner").GetString(), stale.GetProperty("traceId").GetString()));

        var summary = await client.GetFromJsonAsync<JsonElement>("/api/metrics/summary?seconds=60&bucket=1");
        Assert.Equal(42, summary.GetProperty("height").GetProperty("samples").EnumerateArray().Last().GetProperty("value").GetDouble());
        Assert.Equal(122_500, summary.GetProperty("hashRate").GetProperty("samples").EnumerateArray().Last().GetProperty("value").GetDouble());
        Assert.Equal("metric aspirechain.miner.hash_rate", summary.GetProperty("hashRate").GetProperty("source").GetString());
        Assert.Contains(summary.GetProperty("staleRate").GetProperty("samples").EnumerateArray(), sample => sample.GetProperty("value").GetDouble() == 0.5);
        Assert.Contains(summary.GetProperty("tps").GetProperty("samples").EnumerateArray(), sample => sample.GetProperty("value").GetDouble() > 0);

        var instruments = await client.GetFromJsonAsync<JsonElement>("/api/metrics");
        Assert.Contains(instruments.EnumerateArray(), instrument => instrument.GetProperty("name").GetString() == "aspirechain.miner.blocks_mined");
        var logs = await client.GetFromJsonAsync<JsonElement>("/api/logs?service=ingest");
        var log = Assert.Single(logs.EnumerateArray());
        Assert.Equal(("Accepted transaction tx-0001", scenario.TransactionTraceId), (log.GetProperty("message").GetString(), log.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task Ui_is_served_from_the_assembly()
    {
        await using var dashboard = await DashboardTestHost.StartAsync();

        using var index = await dashboard.Client.GetAsync("/");
        using var script = await dashboard.Client.GetAsync("/app.js");
        using var missing = await dashboard.Client.GetAsync("/nope.js");

        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.Contains("AspireChain", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/api/resources", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
