using System.Globalization;
using System.Threading.RateLimiting;
using AspireChain.Ledger;
using AspireChain.TransactionIngest.Admission;
using AspireChain.TransactionIngest.Apis;
using AspireChain.TransactionIngest.Publishing;
using AspireChain.TransactionIngest.Telemetry;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AspireChain.TransactionIngest.Extensions;

/// <summary>TransactionIngest's services: options, admission rules, the Kafka publisher, rate limiting, JSON.</summary>
public static class TransactionIngestExtensions
{
    /// <summary>Registers everything <see cref="TransactionsApi"/> needs.</summary>
    public static IHostApplicationBuilder AddTransactionIngestServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName);
        services.AddOptions<ChainOptions>().BindConfiguration(ChainOptions.SectionName);
        services.AddSingleton(sp => NetworkParameters.From(sp.GetRequiredService<IOptions<ChainOptions>>().Value));
        services.AddSingleton<TransactionAdmission>();
        services.AddSingleton<TransactionPublisher>();
        services.AddSingleton<TransactionStatusLinks>();
        services.AddSingleton<IngestTelemetry>();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, IngestJsonContext.Default));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(TransactionsApi.RateLimitPolicy, PartitionByClient);
            limiter.OnRejected = RejectAsync;
        });
        return builder;
    }

    /// <summary>A fixed window per client address; a limit of 0 turns rate limiting off.</summary>
    private static RateLimitPartition<string> PartitionByClient(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<IngestOptions>>().Value;
        if (options.RateLimitPermits <= 0)
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        return RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.RateLimitPermits,
                Window = options.RateLimitWindow,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
    }

    /// <summary>429 with Retry-After (from the limiter when it knows, else one window) and a problem document.</summary>
    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var options = rejected.HttpContext.RequestServices.GetRequiredService<IOptions<IngestOptions>>().Value;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var hint) ? hint : options.RateLimitWindow;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = IngestProblems.Create(IngestProblems.RateLimited, StatusCodes.Status429TooManyRequests,
            $"more than {options.RateLimitPermits} requests per {options.RateLimitWindow.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s from this client");
        await TypedResults.Problem(problem).ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
    }
}
