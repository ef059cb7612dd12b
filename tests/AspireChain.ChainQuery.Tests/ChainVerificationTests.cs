using Microsoft.Extensions.Hosting;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AspireChain.ChainQuery.Tests.Infrastructure;
using AspireChain.Ledger;
using Microsoft.Data.Sqlite;
using static AspireChain.ChainQuery.Tests.Infrastructure.ChainQueryHost;

namespace AspireChain.ChainQuery.Tests;

/// <summary>
/// Chain verification as an operation: <c>POST /chain/verify</c> starts one run at a time on a background task (a
/// second request gets the running one), behind the operator token outside Development; the run reads a consistent
/// snapshot of the store while the follower keeps applying blocks; a valid run leaves a checkpoint the next run starts
/// from; the verdict survives a restart.
/// </summary>
public sealed class ChainVerificationTests() : PublishedChainTests("chain-verification-tests-")
{
    private string DatabasePath => Path.Combine(_dataDirectory, "chainquery.db");

    [Fact]
    public async Task A_run_holds_its_snapshot_while_the_follower_applies_new_blocks_and_a_second_post_gets_the_same_run()
    {
        using var faucet = DevFaucet.CreateKeyPair();
        using var alice = KeyPair.Generate();
        // 40 signatures at one a second: the run holds its snapshot open for 40 s after the first block (the host stops it long before).
        _publisher.Block(_chain.Next([.. Enumerable.Range(0, 40).Select(n => Wallets.Transfer(faucet, alice.Address, 10, (ulong)n))]));
        _publisher.Block(_chain.Next());
        await using var query = await StartChainQueryAsync();
        await WaitForHeightAsync(query, 2);

        long id;
        using (var started = await StartVerificationAsync(query, "full=true&signaturesPerSecond=1"))
        {
            id = started.RootElement.GetProperty("id").GetInt64();
            Assert.Equal("running", started.RootElement.GetProperty("state").GetString());
        }

        // Reading blocks already: its read transaction is open on the store.
        using (var reading = await WaitForAsync(query, "/chain/verify", run => run.RootElement.GetProperty("blocksChecked").GetInt64() >= 2))
        {
            Assert.Equal(id, reading.RootElement.GetProperty("id").GetInt64());
            Assert.Equal(2, reading.RootElement.GetProperty("toHeight").GetInt64());
        }

        // Asking again, even for other options, while it runs: the same run, no second one.
        using (var again = await StartVerificationAsync(query, "signaturesPerSecond=0"))
        {
            Assert.Equal(id, again.RootElement.GetProperty("id").GetInt64());
            Assert.Equal("full", again.RootElement.GetProperty("mode").GetString());
        }

        // The follower applies blocks meanwhile: neither the run nor its snapshot holds the store's lock.
        _publisher.Block(_chain.Next());
        _publisher.Block(_chain.Next());
        await WaitForHeightAsync(query, 4);
        using (var following = await GetJsonAsync(query, "/following"))
        {
            Assert.Equal(4, following.RootElement.GetProperty("height").GetInt64());
        }

        using (var still = await GetJsonAsync(query, "/chain/verify"))
        {
            Assert.Equal(id, still.RootElement.GetProperty("id").GetInt64());
            Assert.Equal("running", still.RootElement.GetProperty("state").GetString());
            Assert.Equal(2, still.RootElement.GetProperty("toHeight").GetInt64());
            Assert.Equal(3, still.RootElement.GetProperty("blocksTotal").GetInt64());
        }

        // Stopping the host cancels the run; the next process shows it interrupted.
        await query.DisposeAsync();
        await using var restarted = await StartChainQueryAsync();
        using var interrupted = await GetJsonAsync(restarted, "/chain/verify");
        Assert.Equal(id, interrupted.RootElement.GetProperty("id").GetInt64());
        Assert.Equal("interrupted", interrupted.RootElement.GetProperty("state").GetString());
        Assert.False(interrupted.RootElement.GetProperty("valid").GetBoolean());
        Assert.True(interrupted.RootElement.TryGetProperty("finishedAtMs", out var finished) && finished.ValueKind == JsonValueKind.Number);
    }

    [Fact]
    public async Task A_valid_run_leaves_a_checkpoint_and_the_next_run_checks_only_the_blocks_added_since_even_after_a_restart()
    {
        using var faucet = DevFaucet.CreateKeyPair();
        using var alice = KeyPair.Generate();
        _publisher.Block(_chain.Next(Wallets.Transfer(faucet, alice.Address, 300, 0), Wallets.Transfer(faucet, alice.Address, 300, 1)));
        _publisher.Block(_chain.Next());
        _publisher.Block(_chain.Next(Wallets.Transfer(alice, faucet.Address, 5, 0)));

        long firstId;
        await using (var query = await StartChainQueryAsync())
        {
            using (var none = await query.Client.GetAsync("/chain/verify"))
            {
                await AssertRuleAsync(none, HttpStatusCode.NotFound, "verification-not-found");
            }

            await WaitForHeightAsync(query, 3);
            using var first = await VerifyAsync(query);
            var run = first.RootElement;
            Assert.True(run.GetProperty("valid").GetBoolean(), run.ToString());
            Assert.Equal("valid", run.GetProperty("state").GetString());
            Assert.Equal("full", run.GetProperty("mode").GetString()); // no checkpoint yet
            Assert.Equal(0, run.GetProperty("fromHeight").GetInt64());
            Assert.Equal(3, run.GetProperty("height").GetInt64());
            Assert.Equal(4, run.GetProperty("blocksChecked").GetInt64()); // genesis and 1..3
            Assert.Equal(4, run.GetProperty("blocksTotal").GetInt64());
            Assert.Equal(3, run.GetProperty("transfersChecked").GetInt64());
            Assert.True(run.GetProperty("finishedAtMs").GetInt64() >= run.GetProperty("startedAtMs").GetInt64());
            firstId = run.GetProperty("id").GetInt64();
        }

        _publisher.Block(_chain.Next(Wallets.Transfer(alice, faucet.Address, 5, 1)));
        _publisher.Block(_chain.Next());
        await using (var query = await StartChainQueryAsync())
        {
            // The last verdict survived the restart.
            using (var kept = await GetJsonAsync(query, "/chain/verify"))
            {
                Assert.Equal(firstId, kept.RootElement.GetProperty("id").GetInt64());
                Assert.Equal("valid", kept.RootElement.GetProperty("state").GetString());
            }

            await WaitForHeightAsync(query, 5);
            using var second = await VerifyAsync(query);
            var run = second.RootElement;
            Assert.True(run.GetProperty("valid").GetBoolean(), run.ToString());
            Assert.Equal("incremental", run.GetProperty("mode").GetString());
            Assert.Equal(3, run.GetProperty("checkpointHeight").GetInt64());
            Assert.Equal(4, run.GetProperty("fromHeight").GetInt64());
            Assert.Equal(5, run.GetProperty("height").GetInt64());
            Assert.Equal(2, run.GetProperty("blocksChecked").GetInt64());
            Assert.Equal(1, run.GetProperty("transfersChecked").GetInt64());

            // Nothing new: an incremental run checks no block, and still compares the accounts.
            using var third = await VerifyAsync(query);
            Assert.True(third.RootElement.GetProperty("valid").GetBoolean(), third.RootElement.ToString());
            Assert.Equal(0, third.RootElement.GetProperty("blocksChecked").GetInt64());
            Assert.Equal(5, third.RootElement.GetProperty("height").GetInt64());

            // Asked for in full, everything again.
            using var full = await VerifyAsync(query, "full=true");
            Assert.True(full.RootElement.GetProperty("valid").GetBoolean(), full.RootElement.ToString());
            Assert.Equal("full", full.RootElement.GetProperty("mode").GetString());
            Assert.Equal(6, full.RootElement.GetProperty("blocksChecked").GetInt64());

            // Each run is kept and readable by its id.
            using var byId = await GetJsonAsync(query, $"/chain/verify/{firstId}");
            Assert.Equal(3, byId.RootElement.GetProperty("height").GetInt64());
            using var unknown = await query.Client.GetAsync("/chain/verify/999999");
            await AssertRuleAsync(unknown, HttpStatusCode.NotFound, "verification-not-found");
        }
    }

    [Fact]
    public async Task A_store_changed_under_the_checkpoint_is_invalid_and_a_full_run_finds_the_first_bad_block()
    {
        _publisher.Block(_chain.Next());
        _publisher.Block(_chain.Next());
        _publisher.Block(_chain.Next());
        await using var query = await StartChainQueryAsync();
        await WaitForHeightAsync(query, 3);
        using (var first = await VerifyAsync(query))
        {
            Assert.True(first.RootElement.GetProperty("valid").GetBoolean(), first.RootElement.ToString());
        }

        // The checkpoint's block (3) replaced by block 2's envelope, and block 1 by block 2's.
        Tamper("UPDATE chain_blocks SET envelope = (SELECT envelope FROM chain_blocks WHERE height = 2) WHERE height IN (1, 3)");
        using (var incremental = await VerifyAsync(query))
        {
            var run = incremental.RootElement;
            Assert.Equal("invalid", run.GetProperty("state").GetString());
            Assert.Equal("checkpoint-mismatch", run.GetProperty("reason").GetString());
            Assert.Equal(3, run.GetProperty("firstBadHeight").GetInt64());
        }

        using (var full = await VerifyAsync(query, "full=true"))
        {
            var run = full.RootElement;
            Assert.Equal("invalid", run.GetProperty("state").GetString());
            Assert.False(run.GetProperty("valid").GetBoolean());
            Assert.Equal(1, run.GetProperty("firstBadHeight").GetInt64());
            Assert.Equal(0, run.GetProperty("height").GetInt64());
            Assert.False(string.IsNullOrEmpty(run.GetProperty("detail").GetString()));
        }
    }

    [Fact]
    public async Task Outside_development_post_needs_the_operator_token_in_the_authorization_header()
    {
        _publisher.Block(_chain.Next());
        await using var query = await StartChainQueryAsync();
        await WaitForHeightAsync(query, 1);

        using (var anonymous = await query.Client.PostAsync("/chain/verify", null))
        {
            await AssertRuleAsync(anonymous, HttpStatusCode.Unauthorized, "operator-token-required");
            Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        }

        using (var wrong = await PostAsync(query, "/chain/verify", "not-the-operator-token"))
        {
            await AssertRuleAsync(wrong, HttpStatusCode.Unauthorized, "operator-token-required");
        }

        // Never from the query string.
        using (var inQuery = await query.Client.PostAsync($"/chain/verify?access_token={OperatorToken}&token={OperatorToken}", null))
        {
            await AssertRuleAsync(inQuery, HttpStatusCode.Unauthorized, "operator-token-required");
        }

        using (var negative = await PostAsync(query, "/chain/verify?signaturesPerSecond=-1", OperatorToken))
        {
            await AssertRuleAsync(negative, HttpStatusCode.BadRequest, "malformed-signatures-per-second");
        }

        // Refused requests started nothing; reading needs no token.
        using (var none = await query.Client.GetAsync("/chain/verify"))
        {
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        }

        using var accepted = await PostAsync(query, "/chain/verify", OperatorToken);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task Outside_development_without_a_configured_token_post_is_disabled_and_in_development_it_needs_none()
    {
        _publisher.Block(_chain.Next());
        await using (var production = await StartAsync(development: false))
        {
            using var refused = await PostAsync(production, "/chain/verify", OperatorToken);
            await AssertRuleAsync(refused, HttpStatusCode.Forbidden, "operator-token-not-configured");
        }

        await using var development = await StartAsync(development: true);
        await WaitForHeightAsync(development, 1);
        using var accepted = await development.Client.PostAsync("/chain/verify", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        using var run = await WaitForAsync(development, "/chain/verify", r => r.RootElement.GetProperty("state").GetString() != "running");
        Assert.True(run.RootElement.GetProperty("valid").GetBoolean(), run.RootElement.ToString());
    }

    private Task<ServiceHost> StartChainQueryAsync() => ChainQueryHost.StartAsync(_broker.BootstrapServers, DatabasePath);

    /// <summary>ChainQuery with no operator token configured, in Production or in Development.</summary>
    private Task<ServiceHost> StartAsync(bool development)
    {
        var settings = TestNetwork.Common(_broker.BootstrapServers);
        settings["ChainQuery:DatabasePath"] = DatabasePath;
        settings[ChainOptions.AllowPublicDevelopmentKeysKey] = "true";
        return ServiceHost.StartAsync(ChainQueryApp.Build, settings, development ? Environments.Development : Environments.Production);
    }

    private static async Task<HttpResponseMessage> PostAsync(ServiceHost host, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await host.Client.SendAsync(request);
    }

    private static async Task AssertRuleAsync(HttpResponseMessage response, HttpStatusCode status, string rule)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(rule, problem.RootElement.GetProperty("rule").GetString());
    }

    private void Tamper(string sql)
    {
        using var database = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        database.Open();
        using var command = database.CreateCommand();
        command.CommandText = sql;
        Assert.True(command.ExecuteNonQuery() > 0);
    }
}
