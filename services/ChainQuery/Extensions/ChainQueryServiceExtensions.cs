using AspireChain.Contracts.Hosting;
using AspireChain.ChainQuery.Apis;
using AspireChain.ChainQuery.Consumers;
using AspireChain.ChainQuery.Live;
using AspireChain.ChainQuery.Options;
using AspireChain.ChainQuery.Storage;
using AspireChain.ChainQuery.Telemetry;
using AspireChain.ChainQuery.Verification;
using AspireChain.Following;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults;
using Microsoft.Extensions.Options;
using AspireChain.ChainQuery.AppliedBlocks;

namespace AspireChain.ChainQuery.Extensions;

/// <summary>ChainQuery's services: options, the SQLite read model, the topic followers, the live feed, JSON.</summary>
public static class ChainQueryServiceExtensions
{
    /// <summary>Registers the read model, its followers and everything the APIs need.</summary>
    public static IHostApplicationBuilder AddChainQuery(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ChainQueryOptions>().BindConfiguration(ChainQueryOptions.SectionName);
        builder.AddChainContracts();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ReadModelDatabase(DatabasePath(builder, sp.GetRequiredService<IOptions<ChainQueryOptions>>().Value)));
        services.AddSingleton<ReadModelWriter>();
        services.AddSingleton<StatusWriter>();
        services.AddSingleton<ReadModelQueries>();
        services.AddSingleton<StoredChainVerifier>();
        services.AddSingleton<VerificationStore>();
        services.AddSingleton<VerificationRuns>();
        services.AddSingleton<LiveBlockStream>();
        services.AddSingleton<ChainMetrics>();
        // The shared follower keeps its chain, cursor and faults in the read model's file, and writes each block with the read model.
        // The archive: every block stays in the store (the API and the explorer serve them).
        builder.AddBlocksFollowing<ReadModelProjection>(sp => sp.GetRequiredService<ReadModelDatabase>().Path, keepBlocks: 0);
        services.AddHostedService<StatusFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<VerificationRuns>());
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ChainQueryJsonContext.Default));
        builder.AddApiDocument(ChainQueryApiDocument.Title, ChainQueryApiDocument.Description, ChainQueryProblemRules.All);
        return builder;
    }

    /// <summary>The configured path, or <c>chainquery.db</c> in the instance's data directory.</summary>
    private static string DatabasePath(IHostApplicationBuilder builder, ChainQueryOptions options) =>
        string.IsNullOrWhiteSpace(options.DatabasePath)
            ? ServiceInstance.From(builder.Configuration, "chainquery").FilePath("chainquery.db")
            : Path.Combine(builder.Environment.ContentRootPath, options.DatabasePath);
}
