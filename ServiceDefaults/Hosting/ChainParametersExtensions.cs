using AspireChain.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AspireChain.ServiceDefaults;

/// <summary>The one registration of the chain's parameters, so every service derives the same network (genesis, keys, rules) the same way.</summary>
public static class ChainParametersExtensions
{
    /// <summary>
    /// Binds <see cref="ChainOptions"/> from the <c>Chain</c> section and registers the <see cref="NetworkParameters"/> they
    /// describe as a singleton. Idempotent: the shared blocks follower calls it too.
    /// </summary>
    public static IHostApplicationBuilder AddChainParameters(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(NetworkParameters)))
        {
            return builder;
        }

        builder.Services.AddOptions<ChainOptions>().BindConfiguration(ChainOptions.SectionName);
        builder.Services.TryAddSingleton(sp => NetworkParameters.From(sp.GetRequiredService<IOptions<ChainOptions>>().Value));
        return builder;
    }
}
