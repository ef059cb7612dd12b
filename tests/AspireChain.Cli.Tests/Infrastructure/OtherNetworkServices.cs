using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AspireChain.Cli.Tests.Infrastructure;

/// <summary>
/// A ChainQuery and an ingest on loopback for a network no preset of ours runs (<c>main</c>): its <c>/network</c> and
/// <c>/addresses</c> answer as the real ChainQuery's do, and every request (and each submitted transfer) is recorded, so a
/// test can show what the CLI signs there, or that it refuses without signing or posting anything.
/// </summary>
public sealed class OtherNetworkServices : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtherNetworkServices(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Base URL of both services.</summary>
    public Uri Url { get; }

    /// <summary>Every request, as "METHOD /path".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The JSON body of every <c>POST /transactions</c>.</summary>
    public ConcurrentQueue<string> Submitted { get; } = new();

    /// <summary>Starts the services on a free loopback port.</summary>
    public static async Task<OtherNetworkServices> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        OtherNetworkServices? services = null;
        app.Use(async (context, next) =>
        {
            services?.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            await next(context);
        });
        app.MapGet("/network", () => Results.Text("""{"name":"main","chainId":1,"unitsPerCoin":100000000,"faucetAddress":null}""", "application/json"));
        app.MapGet("/addresses/{address}", (string address) => Results.Text($$$"""{"address":"{{{address}}}","balance":0,"nonce":0,"transactionCount":0,"history":{"items":[],"pageNumber":1,"pageSize":1,"total":0}}""", "application/json"));
        app.MapPost("/transactions", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            services?.Submitted.Enqueue(await reader.ReadToEndAsync());
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        services = new OtherNetworkServices(app, new Uri(address));
        return services;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
