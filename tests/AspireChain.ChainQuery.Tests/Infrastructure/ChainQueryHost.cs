using Microsoft.Extensions.Hosting;
using AspireChain.Ledger;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using AspireChain.ChainQuery;

namespace AspireChain.ChainQuery.Tests.Infrastructure;

/// <summary>ChainQuery hosted in-process against a broker, and the JSON reads its tests make of it.</summary>
internal static class ChainQueryHost
{
    /// <summary>The operator token the tests' ChainQuery is configured with (it runs in Production, the host's default environment).</summary>
    public const string OperatorToken = "test-operator-token-0123456789abcdef";

    /// <summary>
    /// Starts ChainQuery on the <c>test</c> network with its read model at <paramref name="databasePath"/>, its logs also
    /// going to <paramref name="logs"/> when given.
    /// </summary>
    public static Task<ServiceHost> StartAsync(string bootstrapServers, string databasePath, ILoggerProvider? logs = null)
    {
        var settings = TestNetwork.Common(bootstrapServers);
        settings["ChainQuery:DatabasePath"] = databasePath;
        settings["ChainQuery:OperatorToken"] = OperatorToken;
        // Production, so operator operations need the token; the test network's keys are public, so it is told to take them.
        settings[ChainOptions.AllowPublicDevelopmentKeysKey] = "true";
        return logs is null
            ? ServiceHost.StartAsync(ChainQueryApp.Build, settings, Environments.Production)
            : ServiceHost.StartAsync(
                (args, configure) => ChainQueryApp.Build(args, builder =>
                {
                    configure?.Invoke(builder);
                    builder.Logging.AddProvider(logs);
                }),
                settings,
                Environments.Production);
    }

    /// <summary>
    /// <c>POST /chain/verify</c> with the operator token (<paramref name="query"/> is appended as the query string),
    /// asserting 202 with a Location, and parses the run it answers.
    /// </summary>
    public static async Task<JsonDocument> StartVerificationAsync(ServiceHost query, string? arguments = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, arguments is null ? "/chain/verify" : $"/chain/verify?{arguments}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken);
        using var response = await query.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /chain/verify: {response.StatusCode} {body}");
        var run = JsonDocument.Parse(body);
        Assert.Equal($"/chain/verify/{run.RootElement.GetProperty("id").GetInt64()}", response.Headers.Location?.ToString());
        return run;
    }

    /// <summary>Starts a verification run (or joins the running one) and waits until it finished; returns the finished run.</summary>
    public static async Task<JsonDocument> VerifyAsync(ServiceHost query, string? arguments = null)
    {
        long id;
        using (var started = await StartVerificationAsync(query, arguments))
        {
            id = started.RootElement.GetProperty("id").GetInt64();
        }

        return await WaitForAsync(query, $"/chain/verify/{id}", run => run.RootElement.GetProperty("state").GetString() != "running");
    }

    /// <summary>GETs <paramref name="path"/>, asserting success, and parses the body.</summary>
    public static async Task<JsonDocument> GetJsonAsync(ServiceHost query, string path)
    {
        using var response = await query.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    /// <summary>GETs <paramref name="path"/> until its JSON satisfies <paramref name="condition"/>.</summary>
    public static Task<JsonDocument> WaitForAsync(ServiceHost query, string path, Func<JsonDocument, bool> condition) =>
        Eventually.GetAsync(async () =>
        {
            using var response = await query.Client.GetAsync(path);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (condition(document))
            {
                return document;
            }

            document.Dispose();
            return null;
        }, $"GET {path} to satisfy the condition");

    /// <summary>Waits until the stored tip reaches <paramref name="height"/>.</summary>
    public static async Task WaitForHeightAsync(ServiceHost query, long height) =>
        (await WaitForAsync(query, "/stats", s => s.RootElement.GetProperty("height").GetInt64() >= height)).Dispose();
}
