using AspireChain.Contracts.Kafka;
using AspireChain.Ledger;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspireChain.Contracts.Hosting;

/// <summary>
/// The one registration of what every service of the chain shares: its parameters (so every service derives the same
/// network, genesis, keys and rules, the same way) and its topic catalog (which the service defaults provision).
/// </summary>
public static class ChainContractsExtensions
{
    /// <summary>
    /// Binds <see cref="ChainOptions"/> from the <c>Chain</c> section and registers the <see cref="NetworkParameters"/> they
    /// describe as a singleton, checked against the host's environment (<see cref="PublicDevelopmentKeys"/>) when first
    /// resolved, which a hosted service makes happen at start; registers the topic catalog for start-up provisioning.
    /// Idempotent: the shared blocks follower calls it too.
    /// </summary>
    public static IHostApplicationBuilder AddChainContracts(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(NetworkParameters)))
        {
            return builder;
        }

        var partitions = builder.Configuration.GetValue(TopicCatalog.TransactionsPartitionsKey, Topics.DefaultTransactionsPartitions);
        builder.AddKafkaTopics(TopicCatalog.Create(partitions).Select(t => t.ToKafkaTopic()));

        builder.Services.AddOptions<ChainOptions>().BindConfiguration(ChainOptions.SectionName);
        builder.Services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ChainOptions>>().Value;
            var network = NetworkParameters.From(options);
            PublicDevelopmentKeys.Check(
                network,
                options,
                sp.GetRequiredService<IHostEnvironment>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PublicDevelopmentKeys).FullName!));
            return network;
        });
        // Resolving the parameters at start makes a refused network stop the start, even in a service that reads them late.
        builder.Services.AddHostedService<ChainParametersCheck>();
        return builder;
    }
}
