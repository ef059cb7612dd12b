using System.CommandLine;
using AspireChain.Cli.Commands;
using AspireChain.Cli.Output;

namespace AspireChain.Cli;

/// <summary><c>aspirechain</c>: the command tree, and one run of it in a given environment (the process's, or a test's).</summary>
public static class CliApplication
{
    /// <summary>The command tree, its actions bound to <paramref name="environment"/>.</summary>
    public static RootCommand CreateRoot(CliEnvironment environment)
    {
        var root = new RootCommand("aspirechain: wallets, transfers and the chain of a running AspireChain");
        GlobalOptions.AddTo(root);
        root.Subcommands.Add(WalletCommand.Create(environment));
        root.Subcommands.Add(BalanceCommand.Create(environment));
        root.Subcommands.Add(SendCommand.Create(environment));
        root.Subcommands.Add(TxCommand.Create(environment));
        root.Subcommands.Add(FaucetCommand.Create(environment));
        root.Subcommands.Add(ChainCommand.Create(environment));
        root.Subcommands.Add(VerifyCommand.Create(environment));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; a malformed command line is exit code 2 with its errors on standard error.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var parse = CreateRoot(environment).Parse(args);
        if (parse.Errors.Count > 0)
        {
            return UsageError(parse, environment);
        }

        var invocation = new InvocationConfiguration
        {
            Output = environment.Output,
            Error = environment.Error,
            // The process: Ctrl+C and SIGTERM cancel the command's token, and the command says what was left in flight.
            ProcessTerminationTimeout = environment.HandlesCtrlC ? TimeSpan.FromSeconds(3) : null,
        };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    private static int UsageError(ParseResult parse, CliEnvironment environment)
    {
        var messages = parse.Errors.Select(e => e.Message).Distinct().ToList();
        foreach (var message in messages)
        {
            environment.Error.WriteLine($"error: {message}");
        }

        var command = string.Join(' ', parse.CommandResult.Command is RootCommand ? ["aspirechain"] : ["aspirechain", .. CommandPath(parse)]);
        environment.Error.WriteLine($"see '{command} --help'");
        environment.Error.Flush();
        if (parse.GetResult(GlobalOptions.Json) is { Implicit: false })
        {
            var document = new ErrorDocument(new ErrorBody(ExitCodes.Name(ExitCodes.Usage), string.Join(" ", messages), ExitCodes.Usage));
            environment.Output.WriteLine(System.Text.Json.JsonSerializer.Serialize(document, CliJsonContext.Indented.ErrorDocument));
            environment.Output.Flush();
        }

        return ExitCodes.Usage;
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result is not null && result.Command is not RootCommand; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(result.Command.Name);
        }

        return names;
    }
}
