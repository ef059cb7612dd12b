using System.CommandLine;
using System.CommandLine.Parsing;
using AspireChain.Client.Profile;

namespace AspireChain.Cli;

/// <summary>The options every command accepts: machine-readable output and where the services are.</summary>
public static class GlobalOptions
{
    /// <summary>One JSON document on standard output instead of text (one per line for <c>chain tail</c>).</summary>
    public static Option<bool> Json { get; } = new("--json") { Description = "Write one JSON document to standard output instead of text", Recursive = true };

    /// <summary>TransactionIngest's URL, first in the resolution order.</summary>
    public static Option<Uri> Ingest { get; } = new("--ingest")
    {
        Description = "TransactionIngest URL (default: services__ingest__http__0, then the running AppHost's ~/.aspirechain/endpoints.json, then http://localhost:5080)",
        Recursive = true,
        CustomParser = r => ParseUrl(r, "--ingest"),
    };

    /// <summary>ChainQuery's URL, first in the resolution order.</summary>
    public static Option<Uri> ChainQuery { get; } = new("--chainquery")
    {
        Description = "ChainQuery URL (default: services__chainquery__http__0, then the running AppHost's ~/.aspirechain/endpoints.json, then http://localhost:5090)",
        Recursive = true,
        CustomParser = r => ParseUrl(r, "--chainquery"),
    };

    /// <summary>The network to sign for, when ChainQuery should not be asked.</summary>
    public static Option<string> Network { get; } = new("--network")
    {
        Description = "Network to sign for: dev or test (default: what ChainQuery's /network says)",
        Recursive = true,
    };

    static GlobalOptions()
    {
        Network.AcceptOnlyFromAmong("dev", "test");
    }

    /// <summary>Adds the options to the root command (they apply to every subcommand).</summary>
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Options.Add(Json);
        root.Options.Add(Ingest);
        root.Options.Add(ChainQuery);
        root.Options.Add(Network);
    }

    /// <summary>A positive duration option (<c>--timeout</c>): seconds, with a unit, or a TimeSpan.</summary>
    public static Option<TimeSpan> Timeout(TimeSpan defaultValue, string what) => new("--timeout")
    {
        Description = $"How long to wait {what}: seconds (60), with a unit (90s, 2m) or a TimeSpan (00:02:00)",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = ParseDuration,
    };

    private static Uri? ParseUrl(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (ServiceEndpoints.TryParseUrl(text, out var url))
        {
            return url;
        }

        result.AddError($"{name} must be an absolute http(s) URL, e.g. http://localhost:5080 (got '{text}').");
        return null;
    }

    private static TimeSpan ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Duration.TryParse(text, out var duration) && duration > TimeSpan.Zero)
        {
            return duration;
        }

        result.AddError($"--timeout must be a positive duration: seconds (60), with a unit (90s, 2m) or a TimeSpan (00:02:00); got '{text}'.");
        return default;
    }
}
