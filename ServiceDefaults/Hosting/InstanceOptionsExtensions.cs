using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AspireChain.ServiceDefaults;

/// <summary>The one way a service fills in its replica name and store path from <see cref="ServiceInstance"/>.</summary>
public static class InstanceOptionsExtensions
{
    /// <summary>
    /// After binding, sets <see cref="IInstanceOptions.InstanceId"/> to the replica name (<see cref="ServiceInstance.From"/>)
    /// and, when not configured, <see cref="IInstanceOptions.DataPath"/> to <paramref name="fileName"/> in its data directory.
    /// </summary>
    public static OptionsBuilder<TOptions> ResolveInstance<TOptions>(this OptionsBuilder<TOptions> options, IConfiguration configuration, string defaultServiceName, string fileName)
        where TOptions : class, IInstanceOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        return options.PostConfigure(o =>
        {
            var instance = ServiceInstance.From(configuration, defaultServiceName, o.InstanceId);
            o.InstanceId = instance.Name;
            o.DataPath ??= instance.FilePath(fileName);
        });
    }
}
