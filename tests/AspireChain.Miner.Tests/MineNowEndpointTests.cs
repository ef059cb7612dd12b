using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AspireChain.Contracts.Kafka;
using AspireChain.Ledger;
using AspireChain.Miner.Apis;
using Microsoft.Extensions.Hosting;

namespace AspireChain.Miner.Tests;

/// <summary>
/// <c>POST /mine</c> cannot be triggered by a cross-site form or a stranger: it takes JSON only, and the operator token
/// whenever one is set; outside Development it is refused while none is set. Every refusal is an RFC 9457 problem.
/// </summary>
public sealed class MineNowEndpointTests : BrokerTests
{
    private const string Token = "an-operator-token-for-this-test";

    [Fact]
    public async Task A_form_or_an_empty_post_is_refused_as_415_and_mines_nothing()
    {
        await using var miner = await StartMinerAsync(Environments.Development);

        using var form = await miner.Client.PostAsync("/mine", new FormUrlEncodedContent([new("go", "1")]));
        using var empty = await miner.Client.PostAsync("/mine", null);

        await AssertProblemAsync(form, HttpStatusCode.UnsupportedMediaType, "application/json");
        await AssertProblemAsync(empty, HttpStatusCode.UnsupportedMediaType, "application/json");
        Assert.Empty(TopicReader.ReadAll(_broker.BootstrapServers, Topics.Candidates));
    }

    [Fact]
    public async Task Outside_development_without_a_configured_token_it_is_refused_as_403()
    {
        await using var miner = await StartMinerAsync(Environments.Production);

        using var response = await MineNow.PostAsync(miner.Client, "anything");

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "Miner:OperatorToken");
    }

    [Fact]
    public async Task With_a_token_a_missing_or_wrong_bearer_is_401_and_the_right_one_mines()
    {
        await using var miner = await StartMinerAsync(Environments.Production, ("Miner:OperatorToken", Token));

        using var missing = await MineNow.PostAsync(miner.Client);
        using var wrong = await MineNow.PostAsync(miner.Client, Token + "x");
        await AssertProblemAsync(missing, HttpStatusCode.Unauthorized, "Authorization: Bearer");
        await AssertProblemAsync(wrong, HttpStatusCode.Unauthorized, "Authorization: Bearer");
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);

        using var right = await MineNow.PostAsync(miner.Client, Token);
        right.EnsureSuccessStatusCode();
        Assert.Equal(1UL, (await right.Content.ReadFromJsonAsync<MinedCandidate>())!.Height);
    }

    [Fact]
    public async Task In_development_a_json_request_mines_without_a_token()
    {
        await using var miner = await StartMinerAsync(Environments.Development);

        using var response = await MineNow.PostAsync(miner.Client);

        response.EnsureSuccessStatusCode();
        Assert.Equal(1UL, (await response.Content.ReadFromJsonAsync<MinedCandidate>())!.Height);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string mentions)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(mentions, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private Task<ServiceHost> StartMinerAsync(string environment, params (string Key, string Value)[] settings)
    {
        var configuration = TestNetwork.Miner(_broker, "miner-0", TimeSpan.FromHours(1));
        // The test network's keys are public: a host not running as Development takes them only when told to.
        configuration[ChainOptions.AllowPublicDevelopmentKeysKey] = "true";
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        return ServiceHost.StartAsync(MinerApp.Build, configuration, environment);
    }
}
