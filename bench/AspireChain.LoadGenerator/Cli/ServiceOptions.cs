using System.CommandLine;
using System.CommandLine.Parsing;
using AspireChain.Client.CommandLine;
using AspireChain.Client.Profile;
using AspireChain.Client.Services;
using AspireChain.Ledger;

namespace AspireChain.LoadGenerator.Cli;

/// <summary>The options every command shares: where the services are, which chain they run and how long to wait.</summary>
public static class ServiceOptions
{
    /// <summary>TransactionIngest's base URL; when absent, Aspire's service discovery, the AppHost's endpoints file, then port 5080.</summary>
    public static Option<Uri> Ingest { get; } = new("--ingest")
    {
        Description = "TransactionIngest base URL, e.g. http://localhost:5080 (default: services__ingest__http__0, then ~/.aspirechain/endpoints.json, then http://localhost:5080)",
        CustomParser = r => OptionValues.Url(r, "--ingest"),
    };

    /// <summary>ChainQuery's base URL; when absent, resolved like <see cref="Ingest"/> (port 5090).</summary>
    public static Option<Uri> ChainQuery { get; } = new("--chainquery")
    {
        Description = "ChainQuery base URL (default: services__chainquery__http__0, then ~/.aspirechain/endpoints.json, then http://localhost:5090)",
        CustomParser = r => OptionValues.Url(r, "--chainquery"),
    };

    /// <summary>The chain preset the services run (its chain id goes into every signature); asked from ChainQuery when absent.</summary>
    public static Option<string> Network { get; } = new("--network")
    {
        Description = "Chain preset the services run: dev or test (default: what ChainQuery's /network says)",
    };

    /// <summary>How long to wait for confirmations.</summary>
    public static Option<TimeSpan> Timeout { get; } = new("--timeout")
    {
        Description = "How long to wait for confirmations: seconds (60), with a unit (90s, 2m) or a TimeSpan (00:02:00)",
        DefaultValueFactory = _ => TimeSpan.FromMinutes(2),
        CustomParser = r => OptionValues.Duration(r, "--timeout"),
    };

    static ServiceOptions()
    {
        Network.AcceptOnlyFromAmong("dev", "test");
    }

    /// <summary>Adds the shared options to a command.</summary>
    public static void AddTo(Command command)
    {
        command.Options.Add(Ingest);
        command.Options.Add(ChainQuery);
        command.Options.Add(Network);
        command.Options.Add(Timeout);
    }

    /// <summary>The URLs of a run: the options, else service discovery, else the AppHost's endpoints file, else the defaults.</summary>
    public static (ResolvedEndpoint Ingest, ResolvedEndpoint ChainQuery) EndpointsOf(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var file = EndpointsFile.TryRead(Path.Combine(ProfileDirectory.Resolve(Environment.GetEnvironmentVariable), ProfileDirectory.EndpointsFileName));
        return (
            ServiceEndpoints.Resolve(ServiceEndpoints.Ingest, parse.GetValue(Ingest), Environment.GetEnvironmentVariable, file),
            ServiceEndpoints.Resolve(ServiceEndpoints.ChainQuery, parse.GetValue(ChainQuery), Environment.GetEnvironmentVariable, file));
    }

    /// <summary>The chosen preset, or the one ChainQuery reports (dev when it does not say).</summary>
    public static async Task<NetworkParameters> NetworkOfAsync(ParseResult parse, ChainQueryClient chainQuery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(chainQuery);
        var name = parse.GetValue(Network);
        if (name is null)
        {
            var reported = await chainQuery.GetNetworkAsync(cancellationToken);
            name = reported?.Name ?? "dev";
            if (name is not ("dev" or "test"))
            {
                throw new ServiceRefusedException($"The chain runs network '{name}': the load generator funds wallets from the dev faucet, which exists on dev and test networks only.");
            }
        }

        return NetworkParameters.From(new ChainOptions { Network = name });
    }
}
