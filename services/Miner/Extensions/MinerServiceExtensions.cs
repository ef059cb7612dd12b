using AspireChain.Ledger;
using AspireChain.Miner.Following;
using AspireChain.Miner.Mining;
using AspireChain.Miner.Options;
using AspireChain.Miner.Pool;
using AspireChain.Miner.Telemetry;
using AspireChain.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace AspireChain.Miner.Extensions;

/// <summary>The miner's services in DI: options, the followed chain, the mempool, the three loops and the proof of work.</summary>
public static class MinerServiceExtensions
{
    /// <summary>Registers everything the miner runs on top of <c>AddServiceDefaults()</c>.</summary>
    public static IHostApplicationBuilder AddMinerServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.AddOptions<MinerOptions>()
            .Bind(configuration.GetSection(MinerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart()
            .PostConfigure(options =>
            {
                var instance = ServiceInstance.From(configuration, "miner", options.InstanceId);
                options.InstanceId = instance.Name;
                options.DataPath ??= instance.FilePath("miner.db");
            });
        builder.Services.AddOptions<ChainOptions>().Bind(configuration.GetSection(ChainOptions.SectionName));

        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => NetworkParameters.From(sp.GetRequiredService<IOptions<ChainOptions>>().Value));
        builder.Services.AddSingleton(sp => new FollowedChain(sp.GetRequiredService<NetworkParameters>()));
        builder.Services.AddSingleton(sp => new MinerBlockStore(sp.GetRequiredService<IOptions<MinerOptions>>().Value.DataPath!));
        builder.Services.AddSingleton<PartitionedMempool>();
        builder.Services.AddSingleton<PublishedCandidates>();
        builder.Services.AddSingleton<MiningSignal>();
        builder.Services.AddSingleton<TransactionRejections>();
        builder.Services.AddSingleton<IProofOfWork>(ProofOfWork.Default);
        builder.Services.AddSingleton(sp =>
        {
            var telemetry = new MinerTelemetry(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
            var pool = sp.GetRequiredService<PartitionedMempool>();
            telemetry.ObserveMempool(() => pool.Count);
            return telemetry;
        });

        builder.Services.AddHealthChecks().AddCheck<ChainSyncHealthCheck>("chain", tags: ["ready"]);

        // Follow the chain first so templates start from the real tip.
        builder.Services.AddHostedService<BlockFeed>();
        builder.Services.AddHostedService<TransactionFeed>();
        builder.Services.AddHostedService<MiningLoop>();
        return builder;
    }
}
