using AspireChain.Contracts.Hosting;
using AspireChain.Contracts.Messages;
using AspireChain.Contracts.Telemetry;
using AspireChain.Following;
using AspireChain.Ledger;
using AspireChain.Miner.Consumers;
using AspireChain.Miner.Health;
using AspireChain.Miner.Mining;
using AspireChain.Miner.Options;
using AspireChain.Miner.Producers;
using AspireChain.Miner.State;
using AspireChain.Miner.Telemetry;
using AspireChain.ServiceDefaults;
using Microsoft.Extensions.Options;
using AspireChain.Miner.AppliedBlocks;

namespace AspireChain.Miner.Extensions;

/// <summary>The miner's services in DI: options, the shared blocks follower, the state (its state), the Kafka adapters and the proof of work.</summary>
public static class MinerServiceExtensions
{
    /// <summary>Registers everything the miner runs on top of <c>AddServiceDefaults()</c>.</summary>
    public static IHostApplicationBuilder AddMiner(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.AddOptions<MinerOptions>()
            .Bind(configuration.GetSection(MinerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart()
            .ResolveInstance(configuration, "miner", "miner.db");
        builder.AddChainContracts();

        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<MinerState>();
        builder.Services.AddSingleton<MiningSignal>();
        builder.Services.AddSingleton<IProofOfWork>(ProofOfWork.Default);
        builder.Services.AddSingleton(sp =>
        {
            var telemetry = new MinerTelemetry(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
            var state = sp.GetRequiredService<MinerState>();
            // The outbox needs the telemetry: read it lazily, when the gauge is observed.
            telemetry.ObserveMempool(() => state.Unsettled, () => state.Held, () => sp.GetRequiredService<RejectionOutbox>().Waiting);
            return telemetry;
        });
        builder.Services.AddSingleton<RejectionOutbox>();
        builder.Services.AddSingleton(TransferAttestation.ForMiners(configuration[TransferAttestation.MinersConfigurationKey]));
        builder.Services.AddSingleton(sp => new SignatureChecks(sp.GetRequiredService<MinerTelemetry>().SignaturesChecked));

        // Follow the chain first so templates start from the real tip.
        builder.AddBlocksFollowing<ChainSettlement>(sp => sp.GetRequiredService<IOptions<MinerOptions>>().Value.DataPath!, FollowingOptions.PrunedHistoryBlocks);
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RejectionOutbox>());
        builder.Services.AddHostedService<TransactionFeed>();
        builder.Services.AddSingleton<VerdictFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<VerdictFeed>());
        builder.Services.AddSingleton<PendingSweep>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PendingSweep>());
        builder.Services.AddHostedService<MiningLoop>();
        builder.Services.AddHealthChecks().AddCheck<MinerReadinessHealthCheck>(MinerReadinessHealthCheck.Name, tags: ["ready"]);
        return builder;
    }
}
