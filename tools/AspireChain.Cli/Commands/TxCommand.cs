using System.CommandLine;
using System.Diagnostics;
using AspireChain.Cli.Output;
using AspireChain.Cli.Transfers;
using AspireChain.Client.Services;
using AspireChain.Ledger;

namespace AspireChain.Cli.Commands;

/// <summary><c>tx &lt;id&gt; [--follow]</c>: where a transfer is (pending, confirmed with confirmations, rejected with the reason).</summary>
public static class TxCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var id = new Argument<string>("id") { Description = "Transaction id (64 hex digits)" };
        var follow = new Option<bool>("--follow") { Description = "Wait until it is confirmed or rejected" };
        var timeout = GlobalOptions.Timeout(TimeSpan.FromMinutes(2), "with --follow");
        var command = new Command("tx", "Show where a transfer is: pending, confirmed (block, confirmations) or rejected (reason)") { id, follow, timeout };
        CommandRunner.SetBody(command, environment, async (context, cancellationToken) =>
        {
            var text = context.Parse.GetValue(id)!.Trim().ToLowerInvariant();
            if (!Hash256.TryParse(text, out _))
            {
                throw CommandFailure.BadInput($"'{text}' is not a transaction id: an id is 64 hex digits.");
            }

            var chainQuery = context.Services.ChainQuery;
            TransactionStatusView? status;
            if (context.Parse.GetValue(follow))
            {
                var started = Stopwatch.GetTimestamp();
                status = await LiveStatus.RunAsync(context, $"following {text}", report =>
                    TransferFollower.FollowAsync(chainQuery, text, context.Parse.GetValue(timeout),
                        (seen, problem) => report(TransferView.StatusLine(seen, problem, Stopwatch.GetElapsedTime(started))), cancellationToken));
            }
            else
            {
                status = await chainQuery.GetStatusAsync(text, cancellationToken);
            }

            if (status is null)
            {
                throw CommandFailure.BadInput($"ChainQuery has not seen transaction {text} (at {chainQuery.BaseAddress}).");
            }

            var wallets = context.Wallets.List();
            var document = TransferView.Of(context.Services, status, address => wallets.FirstOrDefault(w => string.Equals(w.Address, address, StringComparison.OrdinalIgnoreCase))?.Name);
            if (context.Json)
            {
                context.WriteJson(document, CliJsonContext.Indented.TransferDocument);
            }
            else
            {
                TransferView.Render(context.Console, document);
            }

            return status.Status == TransactionStatusView.Pending && !context.Parse.GetValue(follow)
                ? ExitCodes.Success
                : TransferSender.Outcome(text, status, context.Parse.GetValue(timeout), context.Json);
        });
        return command;
    }
}
