using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AspireChain.Cli.Sessions;
using AspireChain.Client.Profile;
using AspireChain.Client.Wallets;
using Spectre.Console;

namespace AspireChain.Cli;

/// <summary>One command's run: its parsed line, its environment, where it writes, the wallets and (on first use) the services.</summary>
public sealed class CommandContext : IDisposable
{
    private ServiceSession? _services;

    /// <summary>The context of <paramref name="parse"/> in <paramref name="environment"/>.</summary>
    public CommandContext(ParseResult parse, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(environment);
        Parse = parse;
        Environment = environment;
        Json = parse.GetValue(GlobalOptions.Json);
        Console = environment.CreateConsole();
        Wallets = new WalletStore(Path.Combine(environment.Home, ProfileDirectory.WalletsFolderName));
    }

    /// <summary>The parsed command line.</summary>
    public ParseResult Parse { get; }

    /// <summary>Streams and variables.</summary>
    public CliEnvironment Environment { get; }

    /// <summary>True with <c>--json</c>: one JSON document on standard output, no text.</summary>
    public bool Json { get; }

    /// <summary>Where text output goes (unused with <c>--json</c>).</summary>
    public IAnsiConsole Console { get; }

    /// <summary>The user's wallets.</summary>
    public WalletStore Wallets { get; }

    /// <summary>The services, resolved on first use.</summary>
    public ServiceSession Services => _services ??= new ServiceSession(Parse, Environment);

    /// <summary>The services if a command used them (for error messages).</summary>
    public ServiceSession? ServicesIfUsed => _services;

    /// <summary>Whether a live status line may be drawn (a person watches, no JSON).</summary>
    public bool ShowsLiveStatus => !Json && Environment.Interactive && Console.Profile.Capabilities.Interactive;

    /// <summary>Writes <paramref name="document"/> as the command's JSON document (<see cref="Output.CliJsonContext.Indented"/>).</summary>
    public void WriteJson<T>(T document, JsonTypeInfo<T> type)
    {
        Environment.Output.WriteLine(JsonSerializer.Serialize(document, type));
        Environment.Output.Flush();
    }

    /// <summary>Writes <paramref name="document"/> as one line (<see cref="Output.CliJsonContext.Compact"/>), for streams of documents such as <c>chain tail --json</c>.</summary>
    public void WriteJsonLine<T>(T document, JsonTypeInfo<T> type)
    {
        Environment.Output.WriteLine(JsonSerializer.Serialize(document, type));
        Environment.Output.Flush();
    }

    /// <summary>A line of text output (markup escaped by the caller), unless <c>--json</c>.</summary>
    public void Say(string markup)
    {
        if (!Json)
        {
            Console.MarkupLine(markup);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _services?.Dispose();
}
