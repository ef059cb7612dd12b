using AspireChain.EmbeddedKafka;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the embedded broker as a hosted service.</summary>
public static class EmbeddedKafkaServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="EmbeddedKafkaService"/> (resolve it to read <c>Broker.BootstrapServers</c>), options bound from
    /// <c>EmbeddedKafka</c> when <paramref name="configuration"/> is given, then <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddEmbeddedKafka(this IServiceCollection services, IConfiguration? configuration = null, Action<EmbeddedKafkaOptions>? configure = null)
    {
        var options = services.AddOptions<EmbeddedKafkaOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(EmbeddedKafkaOptions.SectionName));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton<EmbeddedKafkaService>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedKafkaService>());
        return services;
    }
}
