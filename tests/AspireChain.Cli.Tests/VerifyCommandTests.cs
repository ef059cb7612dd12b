using System.Collections.Concurrent;
using AspireChain.Cli.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AspireChain.Cli.Tests;

/// <summary>
/// <c>verify</c> against a stand-in ChainQuery that runs a verification for a few polls: it posts with the operator
/// token (from <c>--token</c>, else <c>ASPIRECHAIN_OPERATOR_TOKEN</c>), follows the run to its verdict and exits 7 when
/// the chain is invalid; a refused token is exit 5.
/// </summary>
public sealed class VerifyCommandTests : IAsyncLifetime
{
    private const string Token = "operator-secret";
    private readonly ConcurrentQueue<string> _requests = new();
    private WebApplication _app = null!;
    private string _url = null!;
    private int _polls;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/chain/verify", (HttpRequest request) =>
        {
            _requests.Enqueue($"POST {request.QueryString} {request.Headers.Authorization}");
            return request.Headers.Authorization == $"Bearer {Token}"
                ? Results.Text(Run("running", 0), "application/json", statusCode: StatusCodes.Status202Accepted)
                : Results.Text("""{"title":"This operation needs the operator token.","status":401,"rule":"operator-token-required","detail":"The bearer token sent is not the operator token."}""",
                    "application/problem+json", statusCode: StatusCodes.Status401Unauthorized);
        });
        // Two polls still running, then the verdict: block 3 is bad.
        _app.MapGet("/chain/verify/7", () => Interlocked.Increment(ref _polls) <= 2
            ? Results.Text(Run("running", _polls), "application/json")
            : Results.Text(Run("invalid", 3), "application/json"));
        await _app.StartAsync();
        _url = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Verify_posts_with_the_token_from_the_environment_follows_the_run_and_exits_7_when_invalid()
    {
        var cli = CliRun.WithFreshHome(new Dictionary<string, string> { [Commands.VerifyCommand.TokenVariable] = Token });
        var result = await cli.RunAsync("verify", "--full", "--json", "--chainquery", _url);

        Assert.Equal(ExitCodes.ChainInvalid, result.ExitCode);
        var document = result.Json();
        Assert.False(document.GetProperty("valid").GetBoolean());
        Assert.Equal("invalid", document.GetProperty("state").GetString());
        Assert.Equal(7, document.GetProperty("run").GetInt64());
        Assert.Equal(3, document.GetProperty("firstBadHeight").GetInt64());
        Assert.Equal($"POST ?full=true Bearer {Token}", Assert.Single(_requests));
        Assert.True(_polls >= 3, $"{_polls} polls");
        Assert.DoesNotContain(Token, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_option_wins_over_the_environment_and_a_refused_token_is_exit_5()
    {
        var cli = CliRun.WithFreshHome(new Dictionary<string, string> { [Commands.VerifyCommand.TokenVariable] = Token });
        var result = await cli.RunAsync("verify", "--token", "wrong", "--chainquery", _url);

        Assert.Equal(ExitCodes.Rejected, result.ExitCode);
        Assert.Contains("401", result.Error, StringComparison.Ordinal);
        Assert.Equal("POST  Bearer wrong", Assert.Single(_requests));
    }

    private static string Run(string state, long blocksChecked) => $$"""
        {"id":7,"state":"{{state}}","valid":false,"mode":"full","checkpointHeight":null,"fromHeight":0,"toHeight":5,"height":{{Math.Min(2, blocksChecked)}},
         "blocksChecked":{{blocksChecked}},"blocksTotal":6,"transfersChecked":0,"signaturesPerSecond":null,"startedAtMs":1,"finishedAtMs":null,"durationMs":5,
         "firstBadHeight":{{(state == "invalid" ? "3" : "null")}},"reason":{{(state == "invalid" ? "\"bad-prevblk\"" : "null")}},"detail":null}
        """;
}
