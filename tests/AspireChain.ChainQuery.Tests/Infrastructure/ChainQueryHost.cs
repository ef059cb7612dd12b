using System.Text.Json;
using Microsoft.Extensions.Logging;
using AspireChain.ChainQuery;

namespace AspireChain.ChainQuery.Tests.Infrastructure;

/// <summary>ChainQuery hosted in-process against a broker, and the JSON reads its tests make of it.</summary>
internal static class ChainQueryHost
{
    /// <summary>
    /// Starts ChainQuery on the <c>test</c> network with its read model at <paramref name="databasePath"/>, its logs also
    /// going to <paramref name="logs"/> when given.
    /// </summary>
    public static Task<ServiceHost> StartAsync(string bootstrapServers, string databasePath, ILoggerProvider? logs = null)
    {
        var settings = TestNetwork.Common(bootstrapServers);
        settings["ChainQuery:DatabasePath"] = databasePath;
        return logs is null
            ? ServiceHost.StartAsync(ChainQueryApp.Build, settings)
            : ServiceHost.StartAsync(
                (args, configure) => ChainQueryApp.Build(args, builder =>
                {
                    configure?.Invoke(builder);
                    builder.Logging.AddProvider(logs);
                }),
                settings);
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
