using AspireChain.Client.Profile;
using Spectre.Console;

namespace AspireChain.Cli;

/// <summary>
/// What a run of <c>aspirechain</c> sees of the world: its output streams, its environment variables and whether a
/// person is watching (a live status line) — the real process's, or a test's.
/// </summary>
public sealed class CliEnvironment
{
    /// <summary>An environment over the given streams and variables.</summary>
    public CliEnvironment(TextWriter output, TextWriter error, Func<string, string?> variables, bool interactive = false, bool handlesCtrlC = false)
    {
        Output = output;
        Error = error;
        Variables = variables;
        Interactive = interactive;
        HandlesCtrlC = handlesCtrlC;
    }

    /// <summary>Standard output: results (a JSON document with <c>--json</c>).</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error: one-line errors.</summary>
    public TextWriter Error { get; }

    /// <summary>Environment variables by name.</summary>
    public Func<string, string?> Variables { get; }

    /// <summary>True when the output is a terminal a person watches (live status line, colours).</summary>
    public bool Interactive { get; }

    /// <summary>True when Ctrl+C / SIGTERM should cancel the command (the real process; tests cancel with a token).</summary>
    public bool HandlesCtrlC { get; }

    /// <summary>The profile folder (<c>~/.aspirechain</c>, or <c>ASPIRECHAIN_HOME</c>).</summary>
    public string Home => ProfileDirectory.Resolve(Variables);

    /// <summary>The real process: its console and environment.</summary>
    public static CliEnvironment FromProcess() =>
        new(Console.Out, Console.Error, Environment.GetEnvironmentVariable, interactive: !Console.IsOutputRedirected, handlesCtrlC: true);

    /// <summary>A Spectre console writing to <see cref="Output"/>: colours and live updates only for a watching person, wide lines otherwise.</summary>
    public IAnsiConsole CreateConsole()
    {
        if (ReferenceEquals(Output, Console.Out) && Interactive)
        {
            return AnsiConsole.Console;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Output),
        });
        // Redirected output is read by programs and tests: never wrap a hash or a URL.
        console.Profile.Width = 240;
        return console;
    }
}
