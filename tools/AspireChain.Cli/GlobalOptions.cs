using System.CommandLine;
using System.CommandLine.Parsing;
using AspireChain.Client.CommandLine;
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
        CustomParser = r => OptionValues.Url(r, "--ingest"),
    };

    /// <summary>ChainQuery's URL, first in the resolution order.</summary>
    public static Option<Uri> ChainQuery { get; } = new("--chainquery")
    {
        Description = "ChainQuery URL (default: services__chainquery__http__0, then the running AppHost's ~/.aspirechain/endpoints.json, then http://localhost:5090)",
        Recursive = true,
        CustomParser = r => OptionValues.Url(r, "--chainquery"),
    };

    /// <summary>The network to sign for, pinned: ChainQuery's <c>/network</c> is then only checked against it.</summary>
    public static Option<string> Network { get; } = new("--network")
    {
        Description = "Network to sign for: dev, test or a network of its own (default: the running AppHost's endpoints.json; else dev or test as ChainQuery's /network says). ChainQuery must agree, or nothing is signed",
        Recursive = true,
        CustomParser = r => OptionValues.NetworkName(r, "--network"),
    };

    /// <summary>The chain id to sign for, for a network of its own that sets <c>Chain:ChainId</c>.</summary>
    public static Option<uint?> ChainId { get; } = new("--chain-id")
    {
        Description = "Chain id to sign for, decimal or 0x-hex (default: the --network preset's, or the id a network of its own derives from its name)",
        Recursive = true,
        CustomParser = r => OptionValues.ChainId(r, "--chain-id"),
    };

    /// <summary>Adds the options to the root command (they apply to every subcommand).</summary>
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Options.Add(Json);
        root.Options.Add(Ingest);
        root.Options.Add(ChainQuery);
        root.Options.Add(Network);
        root.Options.Add(ChainId);
    }

    /// <summary>A positive duration option (<c>--timeout</c>): seconds, with a unit, or a TimeSpan.</summary>
    public static Option<TimeSpan> Timeout(TimeSpan defaultValue, string what) => new("--timeout")
    {
        Description = $"How long to wait {what}: seconds (60), with a unit (90s, 2m) or a TimeSpan (00:02:00)",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => OptionValues.Duration(r, "--timeout"),
    };
}
