using System.CommandLine;
using AspireChain.Cli.Transfers;

namespace AspireChain.Cli.Commands;

/// <summary><c>send &lt;to&gt; &lt;amount&gt; [--fee] [--from wallet]</c>: signs locally, submits, follows the transfer to confirmed.</summary>
public static class SendCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var to = new Argument<string>("to") { Description = "Recipient: an address (40 hex digits) or a wallet name" };
        var amount = AmountArgument.Create("amount", "Amount in coins, e.g. 1.5");
        var fee = AmountArgument.Fee();
        var from = new Option<string>("--from") { Description = "Wallet that pays (default: your default wallet)" };
        var timeout = GlobalOptions.Timeout(TimeSpan.FromMinutes(2), "for the transfer to be confirmed");
        var noWait = new Option<bool>("--no-wait") { Description = "Return once TransactionIngest accepted it, without following it" };
        var command = new Command("send", "Send coins from one of your wallets and follow the transfer until it is confirmed") { to, amount, fee, from, timeout, noWait };
        CommandRunner.SetBody(command, environment, async (context, cancellationToken) =>
        {
            var sender = WalletChoice.Wallet(context.Wallets, context.Parse.GetValue(from));
            var (recipient, recipientWallet) = WalletChoice.AddressOrWallet(context.Wallets, context.Parse.GetValue(to)!);
            using var key = sender.OpenKey();
            return await new TransferSender(context).SendAsync(
                new TransferSender.Request(key, sender.Name, recipient, recipientWallet, context.Parse.GetValue(amount), context.Parse.GetValue(fee), context.Parse.GetValue(timeout), !context.Parse.GetValue(noWait)),
                cancellationToken);
        });
        return command;
    }
}
