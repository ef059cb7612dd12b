using System.Diagnostics;
using AspireChain.Cli.Output;
using AspireChain.Client.Services;
using AspireChain.Client.Transfers;
using AspireChain.Ledger;

namespace AspireChain.Cli.Transfers;

/// <summary>
/// Signs a transfer locally (<see cref="Transaction.Create"/>, nonce from ChainQuery), posts it to TransactionIngest
/// with a fresh trace, and follows it to confirmed with a live status line. Ctrl+C stops following only: the transfer
/// stays in flight and the message says how to follow it.
/// </summary>
public sealed class TransferSender(CommandContext context)
{
    /// <summary>What to send, from whom, and how long to wait.</summary>
    public sealed record Request(KeyPair Key, string? FromWallet, Address To, string? ToWallet, ulong Amount, ulong Fee, TimeSpan Timeout, bool Wait);

    /// <summary>Sends <paramref name="request"/>; the exit code says how it ended (see <see cref="ExitCodes"/>).</summary>
    public async Task<int> SendAsync(Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Amount == 0)
        {
            throw CommandFailure.BadInput("The amount must be positive.");
        }

        var services = context.Services;
        var network = await services.NetworkAsync(cancellationToken).ConfigureAwait(false);
        var account = await services.ChainQuery.GetAccountAsync(request.Key.Address.ToString(), cancellationToken).ConfigureAwait(false);
        var transaction = Transaction.Create(
            request.Key, request.To, request.Amount, request.Fee, (ulong)account.Nonce, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), network.ChainId);
        var submission = new Submission(transaction) { TraceParent = Submission.NewTraceParent() };
        var started = Stopwatch.GetTimestamp();

        try
        {
            await services.Ingest.SubmitAsync(submission, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new CommandFailure(ExitCodes.Interrupted,
                $"interrupted before TransactionIngest answered: transfer {submission.Id} may or may not be in flight; check with 'aspirechain tx {submission.Id}'");
        }

        if (submission.RefusedByIngest)
        {
            Write(TransferView.Of(services, submission, null, request.FromWallet, request.ToWallet, null));
            throw new CommandFailure(ExitCodes.Rejected,
                $"transfer refused by TransactionIngest: {submission.RejectReason}{(submission.RejectDetail is null ? "" : $" ({submission.RejectDetail})")}", documentWritten: context.Json);
        }

        if (!request.Wait)
        {
            Write(TransferView.Of(services, submission, null, request.FromWallet, request.ToWallet, null));
            return ExitCodes.Success;
        }

        TransactionStatusView? status = null;
        try
        {
            status = await LiveStatus.RunAsync(context, $"sent {submission.Id} (nonce {transaction.Nonce}, network {network.Name}); following it to a block", report =>
                TransferFollower.FollowAsync(services.ChainQuery, submission.Id, request.Timeout,
                    (seen, problem) => { status = seen; report(TransferView.StatusLine(seen, problem, Stopwatch.GetElapsedTime(started))); },
                    cancellationToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Write(TransferView.Of(services, submission, status, request.FromWallet, request.ToWallet, null));
            throw new CommandFailure(ExitCodes.Interrupted,
                $"stopped following; transfer {submission.Id} is still in flight: follow it with 'aspirechain tx {submission.Id} --follow'", documentWritten: context.Json);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Write(TransferView.Of(services, submission, status, request.FromWallet, request.ToWallet, seconds));
        return Outcome(submission.Id, status, request.Timeout, context.Json);
    }

    /// <summary>The exit code for a followed transfer's last status, as a <see cref="CommandFailure"/> unless it is confirmed.</summary>
    public static int Outcome(string id, TransactionStatusView? status, TimeSpan timeout, bool documentWritten) => status?.Status switch
    {
        TransactionStatusView.Confirmed => ExitCodes.Success,
        TransactionStatusView.Rejected => throw new CommandFailure(ExitCodes.Rejected,
            $"transfer {id} was rejected: {status.Reason}{(status.Detail is null ? "" : $" ({status.Detail})")}", documentWritten),
        _ => throw new CommandFailure(ExitCodes.Timeout,
            $"transfer {id} is still {status?.Status ?? "unseen by ChainQuery"} after {timeout.TotalSeconds:0} s; it may yet confirm: 'aspirechain tx {id} --follow'", documentWritten),
    };

    private void Write(Output.TransferDocument document)
    {
        if (context.Json)
        {
            context.WriteJson(document, CliJsonContext.Indented.TransferDocument);
        }
        else
        {
            TransferView.Render(context.Console, document);
        }
    }
}
