using System.CommandLine;
using System.CommandLine.Parsing;
using AspireChain.Ledger;

namespace AspireChain.LoadGenerator.Cli;

/// <summary>The options every command shares: where the services are and which chain they run.</summary>
public static class ServiceOptions
{
    /// <summary>TransactionIngest's base URL (the AppHost prints it).</summary>
    public static Option<Uri> Ingest { get; } = new("--ingest")
    {
        Description = "TransactionIngest base URL, e.g. http://127.0.0.1:5080",
        Required = true,
        CustomParser = r => ParseUrl(r, "--ingest"),
    };

    /// <summary>ChainQuery's base URL.</summary>
    public static Option<Uri> ChainQuery { get; } = new("--chainquery")
    {
        Description = "ChainQuery base URL",
        Required = true,
        CustomParser = r => ParseUrl(r, "--chainquery"),
    };

    /// <summary>The chain preset the services run (its chain id goes into every signature).</summary>
    public static Option<string> Network { get; } = new("--network")
    {
        Description = "Chain preset the services run: dev or test",
        DefaultValueFactory = _ => "dev",
    };

    /// <summary>How long to wait for confirmations.</summary>
    public static Option<TimeSpan> Timeout { get; } = new("--timeout")
    {
        Description = "How long to wait for confirmations (e.g. 00:02:00)",
        DefaultValueFactory = _ => TimeSpan.FromMinutes(2),
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

    /// <summary>The network parameters of the chosen preset.</summary>
    public static NetworkParameters NetworkOf(ParseResult parse) =>
        NetworkParameters.From(new ChainOptions { Network = parse.GetValue(Network)! });

    private static Uri? ParseUrl(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return url;
        }

        result.AddError($"{name} must be an absolute http(s) URL, e.g. http://127.0.0.1:5080 (got '{text}').");
        return null;
    }
}
