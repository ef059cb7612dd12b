using AspireChain.Ledger;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AspireChain.Contracts.Hosting;

/// <summary>
/// Keeps the dev and test presets (whose faucet and validator keys are public) on hosts running as Development: anywhere
/// else a node refuses to start with one message saying what is public and what to configure, unless
/// <c>Chain:AllowPublicDevelopmentKeys=true</c>, which it warns about at start.
/// </summary>
public static partial class PublicDevelopmentKeys
{
    /// <summary>
    /// Checks <paramref name="network"/> against the host's environment: returns quietly in Development or on a network of
    /// its own, warns through <paramref name="logger"/> when opted in, throws otherwise.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not Development, the network uses public keys, and no opt-in.</exception>
    public static void Check(NetworkParameters network, ChainOptions options, IHostEnvironment environment, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(logger);
        var used = network.PublicDevelopmentKeys();
        if (environment.IsDevelopment() || used.Count == 0)
        {
            return;
        }

        if (options.AllowPublicDevelopmentKeys)
        {
            LogAllowed(logger, environment.EnvironmentName, network.Name, string.Join("; ", used), ChainOptions.AllowPublicDevelopmentKeysKey);
            return;
        }

        throw new InvalidOperationException(Refusal(environment.EnvironmentName, network.Name, used));
    }

    /// <summary>The one message a refused start gives.</summary>
    public static string Refusal(string environmentName, string networkName, IReadOnlyList<string> used) =>
        $"Refusing to start as {environmentName} on network '{networkName}': it uses keys whose private halves are public " +
        $"({string.Join("; ", used)}), so anyone could forge this chain. Either run a network of your own (Chain:Network " +
        "set to a name of yours, Chain:Allocations and Chain:ValidatorPublicKeys, and the validator's Validator:SigningKey " +
        "or Validator:SigningKeyPath; see \"Run a private network\" in the README), or run as Development " +
        $"(DOTNET_ENVIRONMENT=Development) for a local chain, or set {ChainOptions.AllowPublicDevelopmentKeysKey}=true to accept a " +
        "chain anyone can forge.";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Running as {Environment} on network '{Network}' with public keys ({Used}) because {Key}=true: anyone can spend the premine and sign blocks; never give this chain value")]
    private static partial void LogAllowed(ILogger logger, string environment, string network, string used, string key);
}
