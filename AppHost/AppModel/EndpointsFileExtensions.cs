using AspireChain.Client.Profile;
using AspireChain.Ledger;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AspireChain.AppHost.AppModel;

/// <summary>
/// Writes <c>~/.aspirechain/endpoints.json</c> once ingest's and ChainQuery's proxied endpoints are allocated, so the
/// <c>aspirechain</c> CLI and the load generator find this run without being told any URL; deleted when the AppHost stops.
/// </summary>
public static class EndpointsFileExtensions
{
    /// <summary>Configuration key naming another file (tests, several AppHosts on one machine).</summary>
    public const string PathKey = "EndpointsFile";

    /// <summary>Writes the endpoints file of <paramref name="ingest"/> and <paramref name="chainQuery"/> for this run.</summary>
    public static IDistributedApplicationBuilder AddEndpointsFile(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> ingest, IResourceBuilder<ProjectResource> chainQuery)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(ingest);
        ArgumentNullException.ThrowIfNull(chainQuery);
        if (builder.ExecutionContext.IsPublishMode)
        {
            return builder;
        }

        var path = builder.Configuration[PathKey] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(ProfileDirectory.Resolve(Environment.GetEnvironmentVariable), ProfileDirectory.EndpointsFileName);
        var configuration = builder.Configuration;
        var started = DateTimeOffset.UtcNow;
        var written = 0;

        Task WriteWhenBothAllocated()
        {
            var ingestUrl = ingest.GetEndpoint("http");
            var chainQueryUrl = chainQuery.GetEndpoint("http");
            if (!ingestUrl.IsAllocated || !chainQueryUrl.IsAllocated || Interlocked.Exchange(ref written, 1) == 1)
            {
                return Task.CompletedTask;
            }

            var dashboard = DashboardAddress.Find(configuration);
            var network = Network(configuration);
            new EndpointsFile(new Uri(ingestUrl.Url), new Uri(chainQueryUrl.Url), dashboard, network?.Name ?? configuration["Chain:Network"] ?? "dev", Environment.ProcessId, started, network?.ChainId)
                .Write(path);
            return Task.CompletedTask;
        }

        ingest.OnResourceEndpointsAllocated((_, _, _) => WriteWhenBothAllocated());
        chainQuery.OnResourceEndpointsAllocated((_, _, _) => WriteWhenBothAllocated());
        builder.Services.AddHostedService(sp => new EndpointsFileCleanup(path, started, sp.GetRequiredService<IHostApplicationLifetime>()));
        return builder;
    }

    // The network the services derive from the same Chain section, so the CLI pins its chain id from this local file
    // instead of trusting a service's answer; none when the section is unusable (the services then refuse to start).
    private static NetworkParameters? Network(IConfiguration configuration)
    {
        try
        {
            return NetworkParameters.From(configuration.GetSection(ChainOptions.SectionName).Get<ChainOptions>() ?? new ChainOptions());
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
