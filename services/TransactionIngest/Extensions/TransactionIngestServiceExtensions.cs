using AspireChain.Contracts.Hosting;
using AspireChain.Contracts.Messages;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults;
using AspireChain.TransactionIngest.Admission;
using AspireChain.TransactionIngest.Apis;
using AspireChain.TransactionIngest.Health;
using AspireChain.TransactionIngest.Options;
using AspireChain.TransactionIngest.Producers;
using AspireChain.TransactionIngest.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AspireChain.TransactionIngest.Extensions;

/// <summary>TransactionIngest's services: options, admission rules, the Kafka publisher, the per-transaction rate limit, JSON.</summary>
public static class TransactionIngestServiceExtensions
{
    /// <summary>Registers everything <see cref="TransactionsApi"/> needs.</summary>
    public static IHostApplicationBuilder AddTransactionIngest(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName);
        builder.AddChainContracts();
        services.AddSingleton<TransactionAdmission>();
        // The miners' tag on every record ingest writes (none without a secret).
        services.AddSingleton(TransferAttestation.ForMiners(builder.Configuration[TransferAttestation.MinersConfigurationKey]));
        services.AddSingleton<TransactionPublisher>();
        services.AddSingleton<TransactionStatusLinks>();
        services.AddSingleton<IngestTelemetry>();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, IngestJsonContext.Default));
        services.AddSingleton<IngestRateLimiter>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TransactionBacklog>();
        services.AddHostedService(sp => sp.GetRequiredService<TransactionBacklog>());
        services.AddHealthChecks().AddCheck<TransactionBacklogHealthCheck>("transactions-backlog");
        builder.AddApiDocument(IngestApiDocument.Title, IngestApiDocument.Description, IngestProblems.Catalog);
        return builder;
    }
}
