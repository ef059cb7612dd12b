using System.CommandLine;
using AspireChain.Cli.Output;
using Spectre.Console;

namespace AspireChain.Cli.Commands;

/// <summary><c>verify</c>: ChainQuery re-validates every stored block with the Ledger's rules (<c>/chain/verify</c>).</summary>
public static class VerifyCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("verify", "Re-validate the whole stored chain (proof of work, links, signatures, balances)");
        CommandRunner.SetBody(command, environment, async (context, cancellationToken) =>
        {
            var verdict = await context.Services.ChainQuery.VerifyAsync(cancellationToken);
            var document = new VerifyDocument(verdict.Valid, verdict.Height, verdict.BlocksChecked, verdict.FirstBadHeight, verdict.Reason, verdict.Detail, context.Services.ChainQuery.BaseAddress.ToString());
            if (context.Json)
            {
                context.WriteJson(document, CliJsonContext.Indented.VerifyDocument);
            }
            else if (verdict.Valid)
            {
                context.Say($"[green bold]valid[/]: {verdict.BlocksChecked} blocks checked, height {verdict.Height}");
            }
            else
            {
                context.Say($"[red bold]invalid[/] at height {verdict.FirstBadHeight}: {Markup.Escape($"{verdict.Reason} {verdict.Detail}")}");
            }

            return verdict.Valid
                ? ExitCodes.Success
                : throw new CommandFailure(ExitCodes.ChainInvalid, $"the chain is invalid at height {verdict.FirstBadHeight}: {verdict.Reason} {verdict.Detail}", documentWritten: context.Json);
        });
        return command;
    }
}
