using System.Globalization;
using AspireChain.Client.Profile;
using AspireChain.Client.Services;
using AspireChain.Ledger;

namespace AspireChain.Cli.Sessions;

/// <summary>
/// Which network a command signs for. ChainQuery's <c>/network</c> travels over plain HTTP, so it never decides a chain id
/// on its own: the network is pinned by <c>--network</c>/<c>--chain-id</c> or by the running AppHost's local endpoints
/// file; unpinned, only dev and test (whose chain ids are known constants) are taken from ChainQuery's answer. When
/// ChainQuery disagrees with the pin, or reports a network of its own that nothing pinned, nothing is signed.
/// </summary>
public static class NetworkPin
{
    /// <summary>The pin given on the command line, else by the endpoints file; null when nothing pins the network.</summary>
    /// <exception cref="CommandFailure">A preset named with a chain id that is not its own (bad input).</exception>
    public static NetworkChoice? From(string? network, uint? chainId, EndpointsFile? file)
    {
        if (network is not null || chainId is not null)
        {
            var source = (network, chainId) switch
            {
                (not null, not null) => "--network and --chain-id",
                (not null, null) => "--network",
                _ => "--chain-id",
            };
            if (network is null)
            {
                return new NetworkChoice("chain " + Hex(chainId!.Value), chainId.Value, HasDevFaucet: false, source);
            }

            var pinned = Named(network, chainId, source);
            return chainId is { } id && id != pinned.ChainId
                ? throw CommandFailure.BadInput($"--chain-id {Hex(id)} is not network '{network}''s: its chain id is {Hex(pinned.ChainId)}.")
                : pinned;
        }

        return file?.Network is { Length: > 0 } fromFile ? Named(fromFile, file.ChainId, $"the AppHost's {ProfileDirectory.EndpointsFileName}") : null;
    }

    /// <summary>
    /// The network to sign for: <paramref name="pinned"/> when ChainQuery agrees (or has no <c>/network</c>); unpinned,
    /// dev or test as ChainQuery names them, with their known chain ids; else (no answer) dev.
    /// </summary>
    /// <exception cref="CommandFailure">ChainQuery disagrees, or names a network of its own nothing pinned (<see cref="ExitCodes.NetworkMismatch"/>).</exception>
    public static NetworkChoice Check(NetworkChoice? pinned, NetworkView? reported, Uri chainQuery)
    {
        ArgumentNullException.ThrowIfNull(chainQuery);
        if (pinned is not null)
        {
            if (reported is not null && reported.ChainId != pinned.ChainId)
            {
                throw new CommandFailure(ExitCodes.NetworkMismatch,
                    $"ChainQuery at {chainQuery} reports network '{reported.Name}' (chain id {Hex(reported.ChainId)}), but {pinned.Source} pins '{pinned.Name}' " +
                    $"(chain id {Hex(pinned.ChainId)}): refusing to sign a transfer for the wrong chain. Point --chainquery and --ingest at that network's services, or pin the network they run.");
            }

            return pinned;
        }

        if (reported is null)
        {
            // A ChainQuery without /network predates it: the network it ran was dev.
            return Preset("dev", "default");
        }

        if (reported.Name is "dev" or "test")
        {
            var preset = Preset(reported.Name, $"ChainQuery /network, checked against the {reported.Name} preset");
            return reported.ChainId == preset.ChainId
                ? preset
                : throw new CommandFailure(ExitCodes.NetworkMismatch,
                    $"ChainQuery at {chainQuery} reports network '{reported.Name}' with chain id {Hex(reported.ChainId)}, but {reported.Name}'s chain id is {Hex(preset.ChainId)}: " +
                    "refusing to sign. Pin the network with --network (and --chain-id).");
        }

        throw new CommandFailure(ExitCodes.NetworkMismatch,
            $"ChainQuery at {chainQuery} reports network '{reported.Name}' (chain id {Hex(reported.ChainId)}), which this CLI does not take from a service over plain HTTP: " +
            $"pin it with --network {reported.Name} (and --chain-id if that network sets Chain:ChainId) to sign for it.");
    }

    private static NetworkChoice Named(string name, uint? chainId, string source) =>
        name is "dev" or "test"
            ? Preset(name, source)
            : new NetworkChoice(name, chainId ?? NetworkParameters.DefaultChainId(name), HasDevFaucet: false, source);

    private static NetworkChoice Preset(string name, string source)
    {
        var network = name == "test" ? NetworkParameters.Test : NetworkParameters.Dev;
        return new NetworkChoice(network.Name, network.ChainId, network.Premine.Any(p => p.Recipient == DevFaucet.Address), source);
    }

    private static string Hex(uint chainId) => "0x" + chainId.ToString("X", CultureInfo.InvariantCulture);
}
