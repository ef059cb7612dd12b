using Microsoft.Extensions.Configuration;

namespace AspireChain.AppHost.AppModel;

/// <summary>
/// What every chain service of one AppHost run shares: the chain parameters (section <c>Chain</c>, so all derive the
/// same genesis), the topic layout (section <c>Kafka:Topics</c>) and the folder under which each replica keeps its stores.
/// </summary>
public sealed class ChainSettings
{
    internal ChainSettings(IConfiguration configuration, string dataDirectory, bool keepsData)
    {
        Configuration = configuration;
        DataDirectory = dataDirectory;
        KeepsData = keepsData;
    }

    /// <summary>The sections passed on to every service as environment variables.</summary>
    public static IReadOnlyList<string> SharedSections { get; } = ["Chain", "Kafka:Topics"];

    /// <summary>The folder of this run's stores (each replica in a sub-folder of its own).</summary>
    public string DataDirectory { get; }

    /// <summary>Whether the folder was named by the user (kept) or made for this run (deleted when the AppHost stops).</summary>
    public bool KeepsData { get; }

    internal IConfiguration Configuration { get; }

    /// <summary>The environment variables of the shared sections (<c>Chain:Network</c> becomes <c>Chain__Network</c>).</summary>
    public IEnumerable<KeyValuePair<string, string>> EnvironmentVariables() =>
        SharedSections
            .SelectMany(section => Configuration.GetSection(section).AsEnumerable())
            .Where(pair => pair.Value is not null)
            .Select(pair => KeyValuePair.Create(pair.Key.Replace(":", "__", StringComparison.Ordinal), pair.Value!));
}
