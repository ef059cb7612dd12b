using System.Globalization;
using AspireChain.Cli.Output;
using AspireChain.Cli.Sessions;
using AspireChain.Client.Services;
using AspireChain.Client.Transfers;
using Spectre.Console;

namespace AspireChain.Cli.Transfers;

/// <summary>A transfer as the CLI shows it: the JSON document and the text a person reads, from what ingest and ChainQuery said.</summary>
public static class TransferView
{
    /// <summary>Status of a transfer TransactionIngest acknowledged but ChainQuery has not seen yet.</summary>
    public const string Submitted = "submitted";

    /// <summary>The document of a transfer this run signed and submitted.</summary>
    public static TransferDocument Of(ServiceSession services, Submission submission, TransactionStatusView? status, string? fromWallet, string? toWallet, double? seconds)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(submission);
        var transaction = submission.Transaction;
        var traceId = TraceIdOf(submission.TraceParent);
        var refused = submission.RefusedByIngest;
        return new TransferDocument(
            submission.Id,
            refused ? TransactionStatusView.Rejected : status?.Status ?? Submitted,
            transaction.SenderAddress.ToString(),
            fromWallet,
            transaction.Recipient.ToString(),
            toWallet,
            (long)transaction.Amount,
            Coins.Format(transaction.Amount),
            (long)transaction.Fee,
            (long)transaction.Nonce,
            status?.Height,
            status?.BlockHash,
            status?.Confirmations,
            refused ? submission.RejectReason : status?.Reason,
            refused ? submission.RejectDetail : status?.Detail,
            refused ? "ingest" : status?.Status == TransactionStatusView.Rejected ? "chain" : null,
            traceId,
            services.ExplorerUrl(submission.Id, traceId),
            services.TraceUrl(submission.Id, traceId),
            seconds);
    }

    /// <summary>The document of a transfer known only from ChainQuery (<c>tx</c>); <paramref name="walletOf"/> names your wallets among its parties.</summary>
    public static TransferDocument Of(ServiceSession services, TransactionStatusView status, Func<string?, string?> walletOf)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(walletOf);
        return new TransferDocument(
            status.Id, status.Status, status.Sender, walletOf(status.Sender), status.Recipient, walletOf(status.Recipient), status.Amount,
            status.Amount is { } amount ? Coins.Format(amount) : null, status.Fee, status.Nonce, status.Height, status.BlockHash,
            status.Confirmations, status.Reason, status.Detail, status.Status == TransactionStatusView.Rejected ? "chain" : null,
            null, services.ExplorerUrl(status.Id, null), services.TraceUrl(status.Id, null), null);
    }

    /// <summary>One line saying where the transfer is now (the live status line's text).</summary>
    public static string StatusLine(TransactionStatusView? status, string? problem, TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var where = status?.Status switch
        {
            null => "submitted; waiting for ChainQuery to see it on transactions",
            TransactionStatusView.Pending => "pending; waiting for a miner to put it in a block",
            TransactionStatusView.Confirmed => $"confirmed at height {status.Height} ({Confirmations(status.Confirmations)})",
            TransactionStatusView.Rejected => $"rejected: {status.Reason}",
            var other => other,
        };
        return problem is null ? $"{where} · {seconds} s" : $"{where} · {seconds} s · {problem}";
    }

    /// <summary>Writes the document for a person.</summary>
    public static void Render(IAnsiConsole console, TransferDocument transfer)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(transfer);
        var colour = transfer.Status switch
        {
            TransactionStatusView.Confirmed => "green",
            TransactionStatusView.Rejected => "red",
            _ => "yellow",
        };
        var facts = new Facts().Add("id", transfer.Id);
        var status = $"[{colour} bold]{transfer.Status}[/]";
        if (transfer.Status == TransactionStatusView.Confirmed)
        {
            status += string.Create(CultureInfo.InvariantCulture, $" at height {transfer.Height} ({Confirmations(transfer.Confirmations)})");
            if (transfer.Seconds is { } seconds)
            {
                status += string.Create(CultureInfo.InvariantCulture, $" in {seconds:0.0} s");
            }
        }
        else if (transfer.Status == TransactionStatusView.Rejected)
        {
            status += Markup.Escape($" by {(transfer.RejectedBy == "ingest" ? "TransactionIngest" : "the chain")}: {transfer.Reason}{(transfer.Detail is null ? "" : $" ({transfer.Detail})")}");
        }

        facts.Add("status", status);
        if (transfer.BlockHash is not null)
        {
            facts.Add("block", transfer.BlockHash);
        }

        facts.Add("from", Party(transfer.From, transfer.FromWallet)).Add("to", Party(transfer.To, transfer.ToWallet));
        if (transfer.AmountCoins is not null)
        {
            facts.Add("amount", string.Create(CultureInfo.InvariantCulture, $"{transfer.AmountCoins} {Coins.Noun(transfer.AmountCoins)}, fee {Coins.Format(transfer.Fee ?? 0)}, nonce {transfer.Nonce}"));
        }

        facts.Add("explorer", Markup.Escape(transfer.ExplorerUrl));
        if (transfer.TraceUrl is not null)
        {
            facts.Add("trace", Markup.Escape(transfer.TraceUrl));
        }

        facts.WriteTo(console);
    }

    private static string Party(string? address, string? wallet) =>
        address is null ? "—" : wallet is null ? address : $"{address} ({Markup.Escape(wallet)})";

    private static string Confirmations(long? count) =>
        count == 1 ? "1 confirmation" : string.Create(CultureInfo.InvariantCulture, $"{count ?? 0} confirmations");

    private static string? TraceIdOf(string? traceParent) =>
        traceParent is { Length: >= 35 } ? traceParent[3..35] : null;
}
