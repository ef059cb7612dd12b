using System.CommandLine;
using AspireChain.Cli.Output;
using AspireChain.Client.Services;
using AspireChain.Client.Wallets;

namespace AspireChain.Cli;

/// <summary>
/// Runs a command's body and turns every way it can end into a documented exit code and, on failure, one line on
/// standard error (plus the JSON error document with <c>--json</c>), never a stack trace.
/// </summary>
public static class CommandRunner
{
    /// <summary>Sets <paramref name="command"/>'s action to run <paramref name="body"/> in <paramref name="environment"/>.</summary>
    public static void SetBody(Command command, CliEnvironment environment, Func<CommandContext, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((parse, cancellationToken) => RunAsync(new CommandContext(parse, environment), body, cancellationToken));
    }

    /// <summary>Runs <paramref name="body"/>, mapping failures to exit codes.</summary>
    public static async Task<int> RunAsync(CommandContext context, Func<CommandContext, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        using (context)
        {
            try
            {
                return await body(context, cancellationToken).ConfigureAwait(false);
            }
            catch (CommandFailure e)
            {
                return Fail(context, e.ExitCode, e.Message, e.DocumentWritten);
            }
            catch (WalletFileException e)
            {
                return Fail(context, ExitCodes.BadInput, e.Message);
            }
            catch (ServiceUnreachableException e)
            {
                var endpoint = context.ServicesIfUsed?.EndpointOf(e.Url);
                var hint = endpoint is null ? "" : $" ({endpoint.SourceText}; is the AppHost running? 'dotnet run --project AppHost', or pass --{endpoint.Service})";
                return Fail(context, ExitCodes.Unreachable, e.Message + hint);
            }
            catch (ServiceRefusedException e)
            {
                return Fail(context, ExitCodes.Rejected, e.Message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Fail(context, ExitCodes.Interrupted, "interrupted");
            }
#pragma warning disable CA1031 // The one place every other failure becomes a line and exit code 1 instead of a stack trace.
            catch (Exception e)
#pragma warning restore CA1031
            {
                return Fail(context, ExitCodes.Failure, $"{e.GetType().Name}: {e.Message}");
            }
        }
    }

    /// <summary>Reports a failure: the line on standard error, the error document on standard output with <c>--json</c>.</summary>
    public static int Fail(CommandContext context, int exitCode, string message, bool documentWritten = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Environment.Error.WriteLine($"error: {OneLine(message)}");
        context.Environment.Error.Flush();
        if (context.Json && !documentWritten)
        {
            context.WriteJson(new ErrorDocument(new ErrorBody(ExitCodes.Name(exitCode), OneLine(message), exitCode)), CliJsonContext.Indented.ErrorDocument);
        }

        return exitCode;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
