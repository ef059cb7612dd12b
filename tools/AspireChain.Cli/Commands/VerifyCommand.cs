using System.CommandLine;
using System.Globalization;
using AspireChain.Cli.Output;
using AspireChain.Client.Services;
using Spectre.Console;

namespace AspireChain.Cli.Commands;

/// <summary>
/// <c>verify [--full] [--token t] [--timeout 10m]</c>: ChainQuery re-validates the stored chain with the Ledger's rules
/// (<c>POST /chain/verify</c> starts a run or joins the one running; its progress is followed to the verdict).
/// </summary>
public static class VerifyCommand
{
    /// <summary>The environment variable the operator token is taken from when <c>--token</c> is not given.</summary>
    public const string TokenVariable = "ASPIRECHAIN_OPERATOR_TOKEN";

    /// <summary>Creates the command.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var full = new Option<bool>("--full") { Description = "Check every stored block again, not only those added since the last valid run" };
        var token = new Option<string>("--token")
        {
            Description = $"ChainQuery's operator token, needed outside Development (default: {TokenVariable})",
        };
        var timeout = GlobalOptions.Timeout(TimeSpan.FromMinutes(10), "for the verdict");
        var command = new Command("verify", "Re-validate the stored chain (proof of work, links, signatures, balances) and follow the run to its verdict") { full, token, timeout };
        CommandRunner.SetBody(command, environment, async (context, cancellationToken) =>
        {
            var operatorToken = context.Parse.GetValue(token) ?? context.Environment.Variables(TokenVariable);
            var chainQuery = context.Services.ChainQueryAsOperator(string.IsNullOrWhiteSpace(operatorToken) ? null : operatorToken.Trim());
            var limit = context.Parse.GetValue(timeout);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(limit);
            ChainVerificationView? seen = null;
            ChainVerificationView verdict;
            try
            {
                verdict = await LiveStatus.RunAsync(context, "asking ChainQuery to verify the chain", report =>
                    chainQuery.VerifyAsync(deadline.Token, context.Parse.GetValue(full), run =>
                    {
                        if (seen is null || run.BlocksChecked != seen.BlocksChecked || run.State != seen.State)
                        {
                            report(Progress(run));
                        }

                        seen = run;
                    }));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CommandFailure(ExitCodes.Timeout, seen is null
                    ? $"ChainQuery did not start a verification run within {limit}."
                    : $"verification run {seen.Id} is still running after {limit} ({Progress(seen)}); 'aspirechain verify' again follows it.");
            }

            var document = new VerifyDocument(verdict.Valid, verdict.Height, verdict.BlocksChecked, verdict.FirstBadHeight, verdict.Reason, verdict.Detail,
                chainQuery.BaseAddress.ToString(), verdict.Id, verdict.State, verdict.Mode, verdict.FromHeight, verdict.BlocksTotal, verdict.TransfersChecked, verdict.DurationMs);
            if (context.Json)
            {
                context.WriteJson(document, CliJsonContext.Indented.VerifyDocument);
            }
            else if (verdict.Valid)
            {
                context.Say($"[green bold]valid[/]: {Checked(verdict)}, height {verdict.Height}");
            }
            else
            {
                context.Say($"[red bold]{Markup.Escape(verdict.State)}[/] at height {verdict.FirstBadHeight}: {Markup.Escape($"{verdict.Reason} {verdict.Detail}")}");
            }

            return verdict.Valid ? ExitCodes.Success : throw verdict.State switch
            {
                ChainVerificationView.Invalid => new CommandFailure(ExitCodes.ChainInvalid, $"the chain is invalid at height {verdict.FirstBadHeight}: {verdict.Reason} {verdict.Detail}", documentWritten: context.Json),
                "interrupted" => new CommandFailure(ExitCodes.Unreachable, $"ChainQuery stopped before verification run {verdict.Id} finished: no verdict.", documentWritten: context.Json),
                _ => new CommandFailure(ExitCodes.Failure, $"verification run {verdict.Id} ended {verdict.State} without a verdict: {verdict.Detail}", documentWritten: context.Json),
            };
        });
        return command;
    }

    private static string Progress(ChainVerificationView run) => run.IsRunning
        ? string.Create(CultureInfo.InvariantCulture, $"run {run.Id} ({run.Mode}): {run.BlocksChecked:N0} of {run.BlocksTotal:N0} blocks, height {run.Height}, {run.TransfersChecked:N0} signatures")
        : string.Create(CultureInfo.InvariantCulture, $"run {run.Id}: {run.State}");

    private static string Checked(ChainVerificationView run) => string.Create(CultureInfo.InvariantCulture,
        $"{run.BlocksChecked} blocks checked ({run.Mode}{(run.CheckpointHeight is { } from ? $" from the checkpoint at {from}" : "")}), {run.TransfersChecked} signatures in {run.DurationMs} ms");
}
