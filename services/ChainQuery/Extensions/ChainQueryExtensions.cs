using AspireChain.ChainQuery.Following;
using AspireChain.ChainQuery.Health;
using AspireChain.ChainQuery.Live;
using AspireChain.ChainQuery.Storage;
using AspireChain.ChainQuery.Telemetry;
using AspireChain.ChainQuery.Verification;
using AspireChain.Ledger;
using Microsoft.Extensions.Options;

namespace AspireChain.ChainQuery.Extensions;

/// <summary>ChainQuery's services: options, the SQLite read model, the topic followers, the live feed, JSON.</summary>
public static class ChainQueryExtensions
{
    /// <summary>Registers the read model, its followers and everything the APIs need.</summary>
    public static IHostApplicationBuilder AddChainQueryServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ChainQueryOptions>().BindConfiguration(ChainQueryOptions.SectionName);
        services.AddOptions<ChainOptions>().BindConfiguration(ChainOptions.SectionName);
        services.AddSingleton(sp => NetworkParameters.From(sp.GetRequiredService<IOptions<ChainOptions>>().Value));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ReadModelDatabase(DatabasePath(builder, sp.GetRequiredService<IOptions<ChainQueryOptions>>().Value)));
        services.AddSingleton<ReadModelWriter>();
        services.AddSingleton<ReadModelQueries>();
        services.AddSingleton<StoredChainVerifier>();
        services.AddSingleton<BlockFeed>();
        services.AddSingleton<BlocksFollowState>();
        services.AddSingleton<ChainQueryTelemetry>();
        services.AddSingleton<ChainMetrics>();
        services.AddHostedService<BlocksFollower>();
        services.AddHostedService<StatusFollower>();
        services.AddHealthChecks().AddCheck<BlocksFollowHealthCheck>(BlocksFollowHealthCheck.Name, tags: ["ready"]);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ChainQueryJsonContext.Default));
        return builder;
    }

    /// <summary>
    /// The configured path, or <c>.data/&lt;instance&gt;/chainquery.db</c> under the content root, where the instance is
    /// <c>service.instance.id</c> from <c>OTEL_RESOURCE_ATTRIBUTES</c>, else <c>OTEL_SERVICE_NAME</c>, else <c>chainquery</c>.
    /// </summary>
    private static string DatabasePath(IHostApplicationBuilder builder, ChainQueryOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            return Path.Combine(builder.Environment.ContentRootPath, options.DatabasePath);
        }

        var instance = (builder.Configuration["OTEL_RESOURCE_ATTRIBUTES"] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0] == "service.instance.id")
            .Select(pair => pair[1])
            .FirstOrDefault()
            ?? builder.Configuration["OTEL_SERVICE_NAME"]
            ?? "chainquery";
        return Path.Combine(builder.Environment.ContentRootPath, ".data", instance, "chainquery.db");
    }
}
