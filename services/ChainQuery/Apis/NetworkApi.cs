using System.Text.Json;
using System.Text.Json.Serialization;
using AspireChain.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AspireChain.ChainQuery.Apis;

/// <summary>
/// Which network the chain runs: a wallet signs the chain id into every transfer, so a client asks here instead of
/// guessing (a transfer signed for another network is refused as <c>bad-chain-id</c>).
/// </summary>
public static class NetworkApi
{
    /// <summary>Maps <c>/network</c>.</summary>
    public static IEndpointRouteBuilder MapNetworkApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/network", GetNetwork).WithName("GetNetwork")
            .WithSummary("The network the chain runs: name, chain id, units per coin, and the public dev faucet's address on dev and test networks.")
            .WithTags("Network")
            .Produces<NetworkDescription>();
        return app;
    }

    /// <summary>The network parameters a client needs to sign for this chain.</summary>
    public static JsonHttpResult<NetworkDescription> GetNetwork(NetworkParameters network) =>
        TypedResults.Json(NetworkDescription.From(network), NetworkJsonContext.Default.NetworkDescription);
}

/// <summary>What <c>GET /network</c> answers.</summary>
/// <param name="Name">The preset (<c>dev</c>, <c>test</c>).</param>
/// <param name="ChainId">Signed into every transaction of this network.</param>
/// <param name="UnitsPerCoin">Base units per coin (amounts on the API are base units).</param>
/// <param name="FaucetAddress">The publicly known dev faucet's address when genesis funds it (dev and test only), else null.</param>
public sealed record NetworkDescription(string Name, uint ChainId, ulong UnitsPerCoin, string? FaucetAddress)
{
    /// <summary>Describes <paramref name="network"/>.</summary>
    public static NetworkDescription From(NetworkParameters network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var faucet = network.Premine.Any(p => p.Recipient == DevFaucet.Address) ? DevFaucet.Address.ToString() : null;
        return new NetworkDescription(network.Name, network.ChainId, NetworkParameters.UnitsPerCoin, faucet);
    }
}

/// <summary>Source-generated JSON of <see cref="NetworkDescription"/> (web defaults, like every ChainQuery answer).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(NetworkDescription))]
public sealed partial class NetworkJsonContext : JsonSerializerContext;
