using AspireChain.Contracts.Hosting;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AspireChain.Following;

/// <summary>Registers the shared follower of <c>blocks</c> in a service and maps its status endpoint.</summary>
public static class FollowingServiceExtensions
{
    /// <summary>
    /// Adds <see cref="BlocksFollower"/> (a hosted service) with its <see cref="FollowedChain"/>, <see cref="BlockStore"/>
    /// at <paramref name="storePath"/>, <see cref="FollowerStatus"/>, telemetry and the <c>blocks-follow</c> readiness
    /// check; <typeparamref name="THandler"/> is what the service does with each applied block. The chain's parameters come
    /// from <see cref="ChainContractsExtensions.AddChainContracts"/>. <paramref name="keepBlocks"/> is the store's
    /// history unless <c>Following:KeepBlocks</c> says otherwise (0 = all). Register it before the service's own hosted
    /// services, so it starts first.
    /// </summary>
    public static IHostApplicationBuilder AddBlocksFollowing<THandler>(this IHostApplicationBuilder builder, Func<IServiceProvider, string> storePath, int keepBlocks)
        where THandler : class, IAppliedBlockHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(storePath);
        ArgumentOutOfRangeException.ThrowIfNegative(keepBlocks);
        var services = builder.Services;
        builder.AddChainContracts();
        services.AddOptions<FollowingOptions>()
            .Configure(options => options.KeepBlocks = keepBlocks)
            .BindConfiguration(FollowingOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new FollowedChain(sp.GetRequiredService<NetworkParameters>()));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<FollowingOptions>>().Value;
            return new BlockStore(storePath(sp), options.MaxStoredFaults, options.DurableCommits);
        });
        services.AddSingleton<FollowerStatus>();
        services.AddSingleton<SnapshotSource>();
        services.AddSingleton<FollowingTelemetry>();
        services.TryAddSingleton<THandler>();
        services.AddSingleton<IAppliedBlockHandler>(sp => sp.GetRequiredService<THandler>());
        services.AddSingleton<ChainBootstrap>();
        services.AddSingleton<CatchUpWaiters>();
        services.AddSingleton<BlocksFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<BlocksFollower>());
        services.AddHealthChecks().AddCheck<FollowingHealthCheck>(FollowingHealthCheck.Name, tags: ["ready"]);
        return builder;
    }

    /// <summary>Maps <c>GET <paramref name="path"/></c>: the followed tip, the stored cursor, progress and the newest faults.</summary>
    public static IEndpointRouteBuilder MapFollowing(this IEndpointRouteBuilder app, string path = "/following")
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(path, GetFollowing)
            .WithName("GetFollowing")
            .WithSummary("The followed tip, the stored blocks cursor, progress and the newest faults (refused records, gaps).")
            .WithTags("Following")
            .Produces<FollowingView>();
        return app;
    }

    internal static JsonHttpResult<FollowingView> GetFollowing(FollowedChain chain, BlockStore store, FollowerStatus status)
    {
        var (height, hash) = chain.Tip;
        var view = new FollowingView(
            height,
            hash.ToString(),
            store.ReadCursor(BlockStore.BlocksCursor) ?? 0,
            status.Lag ?? -1,
            status.CaughtUp.IsCompleted,
            status.Halted,
            status.RestoredBlocks,
            store.FaultCount,
            store.Faults(50));
        return TypedResults.Json(view, FollowingJsonContext.Default.FollowingView);
    }
}
